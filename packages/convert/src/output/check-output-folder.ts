import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, parse, relative, resolve } from 'node:path';
import { ConvertError } from '../convert-error.js';

/** What is in the output folder now. */
export type OutputFolderState = 'absent' | 'empty' | 'web-model' | 'other';

/** The files of a previous web model: `model.json` and the weight files its manifest lists. */
async function webModelFiles(dir: string): Promise<Set<string> | null> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(resolve(dir, 'model.json'), 'utf8'));
  } catch {
    return null;
  }
  const manifest = (json as { modelTopology?: unknown; weightsManifest?: unknown } | null)?.weightsManifest;
  if ((json as { modelTopology?: unknown }).modelTopology == null || !Array.isArray(manifest)) return null;
  const files = new Set(['model.json']);
  for (const group of manifest as { paths?: unknown }[]) {
    if (!Array.isArray(group?.paths)) return null;
    for (const p of group.paths) if (typeof p === 'string') files.add(p);
  }
  return files;
}

/** Lists what `out` holds, refusing a file. */
export async function outputFolderState(out: string): Promise<{ state: OutputFolderState; foreign: string[] }> {
  const s = await stat(out).catch(() => null);
  if (s == null) return { state: 'absent', foreign: [] };
  if (!s.isDirectory()) throw new ConvertError(`the output ${out} is a file; expected a folder (new, empty, or a previous web model) for model.json and the weight shards`);
  const names = await readdir(out);
  if (names.length === 0) return { state: 'empty', foreign: [] };
  const owned = await webModelFiles(out);
  const foreign = names.filter((n) => !owned?.has(n));
  return owned != null && foreign.length === 0 ? { state: 'web-model', foreign } : { state: 'other', foreign };
}

/**
 * Checks that the conversion may write `out`: a new or empty folder, or a previous web model (replaced as a whole,
 * atomically). Anything else is refused unless `force`, and `force` still refuses the file-system root, the home
 * folder, the working folder, and any folder that holds the input.
 */
export async function checkOutputFolder(out: string, options: { force: boolean; from: string }): Promise<OutputFolderState> {
  const { state, foreign } = await outputFolderState(out);
  if (state !== 'other') return state;
  const list = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
  if (!options.force) {
    throw new ConvertError(`the output folder ${out} exists and is not a web model (it holds ${list}); pass --force (force: true) to replace it, or choose a new folder`);
  }
  const target = resolve(out);
  const input = resolve(options.from);
  const inside = (child: string, parent: string) => {
    const r = relative(parent, child);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  const protectedFolders = [parse(target).root, homedir(), process.cwd()].map((p) => resolve(p));
  if (protectedFolders.includes(target)) throw new ConvertError(`refusing to replace ${out} even with --force: it is the file-system root, the home folder or the working folder`);
  if (inside(input, target)) throw new ConvertError(`refusing to replace ${out} even with --force: it holds the input ${options.from}`);
  return state;
}

/** Removes a folder that `checkOutputFolder` allowed to be replaced with `force`. */
export async function clearOutputFolder(out: string): Promise<void> {
  await rm(out, { recursive: true, force: true });
}
