import { existsSync } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConvertError } from '../convert-error.js';
import type { WebModelKind } from '../web-model-kind.js';

/** A config found beside the weights: a training run's `config.json` (JPPNet) or `run.json` (SS-NAN). */
export interface RunConfig {
  readonly model: WebModelKind;
  readonly config: Record<string, unknown>;
  /** The file it was read from. */
  readonly file: string;
}

/** Where the weights are, and how to read them. */
export interface ResolvedSource {
  readonly kind: 'tf-checkpoint' | 'keras' | 'tfjs-model';
  /** The checkpoint prefix or folder, the .h5 file, or the tfjs model folder. */
  readonly path: string;
  /** What was converted, for messages and the report (the path given, and what was picked inside it). */
  readonly description: string;
  /** The run this model belongs to, when it has one (used when the model.json carries no config). */
  readonly run: RunConfig | null;
}

const EXPECTED =
  'expected a JPPNet TF checkpoint (the prefix checkpoint/JPPNet-s2/model.ckpt-NNN, its .index, or the folder with its ' +
  '"checkpoint" file), a Keras .h5 file (SS-NAN or PSPNet-Keras), a tfjs model folder (model.json) or a training run folder';

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

async function kindOf(path: string): Promise<'file' | 'dir' | null> {
  const s = await stat(path).catch(() => null);
  if (s == null) return null;
  return s.isDirectory() ? 'dir' : 'file';
}

async function startsWithHdf5Signature(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return bytesRead === 8 && HDF5_MAGIC.every((b, i) => head[i] === b);
  } finally {
    await handle.close();
  }
}

async function readJsonFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConvertError(`${path} is not valid JSON (${(e as Error).message})`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v != null && typeof v === 'object' && !Array.isArray(v);

/**
 * The config of a training run folder, if `dir` is one: `config.json` holding `{jppnet: …}` (examples/jppnet's
 * `train`) or `run.json` of format `lip-train-ssnan-run` with its `architecture` (examples/train-ssnan).
 */
export async function readRunConfig(dir: string): Promise<RunConfig | null> {
  const configFile = join(dir, 'config.json');
  if ((await kindOf(configFile)) === 'file') {
    const json = await readJsonFile(configFile);
    if (isRecord(json) && isRecord(json['jppnet'])) return { model: 'jppnet', config: json['jppnet'], file: configFile };
  }
  const runFile = join(dir, 'run.json');
  if ((await kindOf(runFile)) === 'file') {
    const json = await readJsonFile(runFile);
    if (isRecord(json) && json['format'] === 'lip-train-ssnan-run' && isRecord(json['architecture'])) {
      const { blocksPerStage, ...rest } = json['architecture'];
      return { model: 'ssnan', config: blocksPerStage == null ? rest : { ...rest, blocksPerStage }, file: runFile };
    }
  }
  return null;
}

/** The run a checkpoint folder belongs to: the nearest of its ancestors (up to 3 levels) with a run config. */
async function enclosingRun(dir: string): Promise<RunConfig | null> {
  let current = dirname(dir);
  for (let level = 0; level < 3; level++) {
    const run = await readRunConfig(current);
    if (run != null) return run;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return null;
}

/** The checkpoint `latest.json` of a `fileCheckpointStore` folder names. */
async function latestCheckpoint(checkpoints: string): Promise<{ path: string; savedAt: string } | null> {
  const pointer = join(checkpoints, 'latest.json');
  if ((await kindOf(pointer)) !== 'file') return null;
  const json = await readJsonFile(pointer);
  const name = isRecord(json) && typeof json['checkpoint'] === 'string' ? json['checkpoint'] : null;
  if (name == null) throw new ConvertError(`${pointer} names no checkpoint (expected {"checkpoint": "step-…"})`);
  const path = join(checkpoints, name);
  if ((await kindOf(join(path, 'model.json'))) !== 'file') throw new ConvertError(`${pointer} names ${name}, but ${path}/model.json does not exist`);
  const savedAt = isRecord(json) && typeof json['savedAt'] === 'string' ? json['savedAt'] : '';
  return { path, savedAt };
}

/**
 * Finds the weights `from` points at: a TF checkpoint (prefix, `.index`, `.data-*`, or a folder with a `checkpoint`
 * state file), a Keras HDF5 file, a tfjs model folder or its `model.json`, or a training run folder — a JPPNet run
 * (`model/`, else the latest of `checkpoints/`, with `config.json`), an SS-NAN run (`run.json`: the newest checkpoint
 * of its train modes) or a `checkpoints/` folder (`latest.json`).
 */
export async function resolveSource(from: string): Promise<ResolvedSource> {
  const path = resolve(from);
  const kind = await kindOf(path);
  if (kind == null) {
    if (existsSync(`${path}.index`)) return { kind: 'tf-checkpoint', path, description: `TF checkpoint ${from}`, run: null };
    throw new ConvertError(`${from} not found: ${EXPECTED}`);
  }
  if (kind === 'file') {
    const ext = extname(path).toLowerCase();
    if (basename(path) === 'model.json') return tfjsModel(dirname(path), from);
    if (ext === '.h5' || ext === '.hdf5' || ext === '.keras') return { kind: 'keras', path, description: `Keras file ${from}`, run: null };
    if (ext === '.index' || /\.data-\d{5}-of-\d{5}$/.test(path)) return { kind: 'tf-checkpoint', path, description: `TF checkpoint ${from}`, run: null };
    if (await startsWithHdf5Signature(path)) return { kind: 'keras', path, description: `Keras file ${from}`, run: null };
    throw new ConvertError(`${from}: unknown format (neither an HDF5 file, a TF checkpoint .index / .data-* file, nor a model.json): ${EXPECTED}`);
  }
  if ((await kindOf(join(path, 'model.json'))) === 'file') return tfjsModel(path, from);
  if ((await kindOf(join(path, 'checkpoint'))) === 'file') return { kind: 'tf-checkpoint', path, description: `TF checkpoint folder ${from}`, run: null };
  const run = await readRunConfig(path);
  if ((await kindOf(join(path, 'model', 'model.json'))) === 'file') {
    return { kind: 'tfjs-model', path: join(path, 'model'), description: `${from}/model (the final model of the run)`, run };
  }
  const latest = (await latestCheckpoint(join(path, 'checkpoints'))) ?? (await latestCheckpoint(path));
  if (latest != null) {
    return { kind: 'tfjs-model', path: latest.path, description: `${latest.path} (the latest checkpoint of ${from})`, run: run ?? (await enclosingRun(latest.path)) };
  }
  if (run?.model === 'ssnan') {
    // examples/train-ssnan: <run>/<train mode>/checkpoints/, newest by savedAt.
    let newest: { path: string; savedAt: string } | null = null;
    for (const entry of await readdir(path, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const c = await latestCheckpoint(join(path, entry.name, 'checkpoints'));
      if (c != null && (newest == null || c.savedAt > newest.savedAt)) newest = c;
    }
    if (newest == null) throw new ConvertError(`${from} is an SS-NAN training run (run.json) without any checkpoint yet (no <mode>/checkpoints/latest.json)`);
    return { kind: 'tfjs-model', path: newest.path, description: `${newest.path} (the newest checkpoint of the run ${from})`, run };
  }
  throw new ConvertError(
    `${from} is a folder without model.json, a TF "checkpoint" state file, model/model.json, checkpoints/latest.json or run.json: ${EXPECTED}`,
  );
}

async function tfjsModel(dir: string, from: string): Promise<ResolvedSource> {
  return { kind: 'tfjs-model', path: dir, description: `tfjs model ${from}`, run: (await readRunConfig(dir)) ?? (await enclosingRun(dir)) };
}
