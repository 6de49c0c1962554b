import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SSNAN_TRAIN_MODES, type SsnanTrainMode } from '@lip/nan-head/training';
import { writeFileAtomically } from '@lip/runtime/node';
import type { SsnanArchitecture } from './architecture.js';
import { TrainSsnanError } from './train-ssnan-error.js';

/** `run.json`: what every step of a run shares. */
export interface RunManifest {
  readonly format: 'lip-train-ssnan-run';
  readonly version: 1;
  readonly architecture: SsnanArchitecture;
  readonly createdAt: string;
}

/** A checkpoint of one step of a run, as `latest.json` of its store names it. */
export interface RunCheckpoint {
  readonly trainMode: SsnanTrainMode;
  /** The checkpoint directory (a tfjs model: `model.json` + shards, plus optimizer and run state). */
  readonly path: string;
  readonly step: number;
  /** Epochs completed when it was saved. */
  readonly epoch: number;
  readonly savedAt: string;
}

const MANIFEST = 'run.json';

async function readJson<T>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new TrainSsnanError(`${path} is not valid JSON (${(e as Error).message})`);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/**
 * A run directory (`--run-dir`): `run.json` (the architecture), then per train mode
 * `<mode>/checkpoints/` (atomic checkpoints, `latest.json`), `<mode>/train-log.csv` (one row per step) and
 * `<mode>/summary.json`. Each mode counts its own epochs: weights taken from another mode's checkpoint
 * never move this mode's epoch counter (the reference's `load_weights` parses the epoch out of the file
 * name, so an un-renamed 40-epoch pretrain file made a 30-epoch finetune start at epoch 40 and do nothing).
 */
export class RunDirectory {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get manifestPath(): string {
    return join(this.root, MANIFEST);
  }

  modeDir(mode: SsnanTrainMode): string {
    return join(this.root, mode);
  }

  checkpointDir(mode: SsnanTrainMode): string {
    return join(this.root, mode, 'checkpoints');
  }

  logPath(mode: SsnanTrainMode): string {
    return join(this.root, mode, 'train-log.csv');
  }

  summaryPath(mode: SsnanTrainMode): string {
    return join(this.root, mode, 'summary.json');
  }

  async readManifest(): Promise<RunManifest | null> {
    const manifest = await readJson<RunManifest>(this.manifestPath);
    if (manifest === null) return null;
    if (manifest.format !== 'lip-train-ssnan-run' || manifest.version !== 1 || manifest.architecture == null) {
      throw new TrainSsnanError(`${this.manifestPath} is not a train-ssnan run manifest (format lip-train-ssnan-run, version 1)`);
    }
    return manifest;
  }

  async writeManifest(architecture: SsnanArchitecture): Promise<RunManifest> {
    const manifest: RunManifest = { format: 'lip-train-ssnan-run', version: 1, architecture, createdAt: new Date().toISOString() };
    await mkdir(this.root, { recursive: true });
    await writeFileAtomically(this.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }

  /** The newest checkpoint of one mode, or null. */
  async latestCheckpoint(mode: SsnanTrainMode): Promise<RunCheckpoint | null> {
    const dir = this.checkpointDir(mode);
    const latest = await readJson<{ checkpoint?: string; step?: number; epoch?: number; savedAt?: string }>(join(dir, 'latest.json'));
    if (latest?.checkpoint != null && (await isDirectory(join(dir, latest.checkpoint)))) {
      return { trainMode: mode, path: join(dir, latest.checkpoint), step: latest.step ?? 0, epoch: latest.epoch ?? 0, savedAt: latest.savedAt ?? '' };
    }
    // No pointer (or a stale one): the highest complete step directory.
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^step-\d+$/.test(n)).sort().reverse();
    for (const name of names) {
      const state = await readJson<{ step: number; epoch: number; savedAt: string }>(join(dir, name, 'state.json'));
      if (state) return { trainMode: mode, path: join(dir, name), step: state.step, epoch: state.epoch, savedAt: state.savedAt };
    }
    return null;
  }

  /** `--model last`: the most recently saved checkpoint of any mode of the run, or null. */
  async newestCheckpoint(): Promise<RunCheckpoint | null> {
    let newest: RunCheckpoint | null = null;
    for (const mode of SSNAN_TRAIN_MODES) {
      const c = await this.latestCheckpoint(mode);
      if (c && (newest === null || c.savedAt > newest.savedAt)) newest = c;
    }
    return newest;
  }

  async writeSummary(mode: SsnanTrainMode, summary: unknown): Promise<void> {
    await mkdir(this.modeDir(mode), { recursive: true });
    await writeFile(this.summaryPath(mode), `${JSON.stringify(summary, null, 2)}\n`);
  }
}

/** The run directory a checkpoint or model path belongs to (the nearest ancestor with run.json), or null. */
export async function findEnclosingRun(path: string, levels = 4): Promise<RunDirectory | null> {
  let dir = resolve(path);
  for (let i = 0; i <= levels; i++) {
    if ((await stat(join(dir, MANIFEST)).catch(() => null))?.isFile()) return new RunDirectory(dir);
    const parent = resolve(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}
