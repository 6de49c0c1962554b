import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A file to write: a name inside the directory (no separators) and its bytes or text. */
export interface DirectoryFile {
  readonly name: string;
  readonly data: Uint8Array | string;
}

/** Test seams: called at the two points where a crash is most interesting. */
export interface AtomicWriteHooks {
  /** After every file and the temporary directory are written and synced, before any rename. */
  readonly beforeSwap?: () => Promise<void> | void;
  /** After the previous version was moved aside, before the new one is renamed into place. */
  readonly betweenRenames?: () => Promise<void> | void;
}

const TMP = '.tmp-';
const OLD = '.old-';

/** `.name.tmp-<pid>-<hex>` / `.name.old-<pid>-<hex>`: hidden siblings, recognisable, with the writer's pid. */
function siblingName(target: string, kind: typeof TMP | typeof OLD): string {
  return join(dirname(target), `.${basename(target)}${kind}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes bytes and forces them to the disk before returning. */
export async function writeFileDurably(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * fsync of a directory, so the entries created or renamed in it survive a power cut. Platforms that
 * cannot open a directory for syncing (Windows) make this a no-op.
 */
export async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw e;
  } finally {
    await handle?.close();
  }
}

/** Replaces one file atomically: temporary sibling, fsync, rename over the target, fsync of the folder. */
export async function writeFileAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = siblingName(path, TMP);
  try {
    await writeFileDurably(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDirectory(dirname(path));
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Sibling {
  readonly path: string;
  readonly kind: typeof TMP | typeof OLD;
  readonly pid: number;
}

async function siblingsOf(target: string): Promise<Sibling[]> {
  const prefix = `.${basename(target)}`;
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const found: Sibling[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const kind = rest.startsWith(TMP) ? TMP : rest.startsWith(OLD) ? OLD : null;
    if (kind == null) continue;
    const pid = Number.parseInt(rest.slice(kind.length), 10);
    if (Number.isInteger(pid)) found.push({ path: join(dirname(target), name), kind, pid });
  }
  return found;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * The previous version of `target` kept aside by a writer between its two renames, or null. With
 * `deadWritersOnly`, backups of live writers (which are about to finish) are ignored.
 */
export async function findInterruptedBackup(target: string, deadWritersOnly = false): Promise<string | null> {
  const backups = (await siblingsOf(target)).filter((s) => s.kind === OLD && !(deadWritersOnly && isAlive(s.pid)));
  let newest: { path: string; time: number } | null = null;
  for (const b of backups) {
    const info = await stat(b.path).catch(() => null); // a live writer may have just removed it
    if (info == null) continue;
    const time = info.mtimeMs;
    if (newest == null || time > newest.time) newest = { path: b.path, time };
  }
  return newest?.path ?? null;
}

/**
 * Puts back a previous version left aside by a writer killed between its two renames, and removes
 * temporary directories of dead writers. Safe to call any time; `writeDirectoryAtomically` calls it.
 */
export async function recoverInterruptedWrite(target: string): Promise<void> {
  if (!(await exists(target))) {
    const backup = await findInterruptedBackup(target, true);
    if (backup != null) await rename(backup, target);
  }
  for (const s of await siblingsOf(target)) {
    if (!isAlive(s.pid)) await rm(s.path, { recursive: true, force: true });
  }
}

// Saves of the same target from one process run one after the other.
const queues = new Map<string, Promise<void>>();

/**
 * Writes `files` as the complete new content of directory `target`, atomically: they go into a
 * temporary sibling directory, each file and the directory are fsynced, the previous version is
 * renamed aside, the new one renamed into place, the parent fsynced, and only then is the previous
 * version deleted. A process killed at any point leaves `target` holding the old or the new
 * content, never a mix; in the instant between the two renames the old content is the hidden sibling
 * `.<name>.old-<pid>-*`, which {@link recoverInterruptedWrite} (run by every later write and by the
 * loaders of this package) puts back.
 */
export async function writeDirectoryAtomically(target: string, files: readonly DirectoryFile[], hooks: AtomicWriteHooks = {}): Promise<void> {
  const previous = queues.get(target) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => replaceDirectory(target, files, hooks));
  const tail = run.catch(() => {});
  queues.set(target, tail);
  try {
    await run;
  } finally {
    if (queues.get(target) === tail) queues.delete(target);
  }
}

async function replaceDirectory(target: string, files: readonly DirectoryFile[], hooks: AtomicWriteHooks): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    if (f.name === '' || f.name.includes('/') || f.name.includes('\\') || f.name === '.' || f.name === '..') {
      throw new Error(`writeDirectoryAtomically: '${f.name}' is not a plain file name (writing ${target})`);
    }
    if (seen.has(f.name)) throw new Error(`writeDirectoryAtomically: file '${f.name}' given twice (writing ${target})`);
    seen.add(f.name);
  }
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  await recoverInterruptedWrite(target);
  const existing = await stat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (existing != null && !existing.isDirectory()) {
    throw new Error(`writeDirectoryAtomically: ${target} exists and is not a directory`);
  }

  const tmp = siblingName(target, TMP);
  await mkdir(tmp);
  let old: string | null = null;
  try {
    for (const f of files) await writeFileDurably(join(tmp, f.name), f.data);
    await syncDirectory(tmp);
    await hooks.beforeSwap?.();
    if (existing != null) {
      old = siblingName(target, OLD);
      await rename(target, old);
    }
    await hooks.betweenRenames?.();
    await rename(tmp, target);
  } catch (e) {
    // Undo what can be undone: the previous version goes back, the temporary directory goes away.
    if (old != null && !(await exists(target))) await rename(old, target).catch(() => {});
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await syncDirectory(parent);
  if (old != null) await rm(old, { recursive: true, force: true });
}
