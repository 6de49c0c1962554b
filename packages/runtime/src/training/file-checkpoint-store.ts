import type { io } from '@tensorflow/tfjs-core';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findInterruptedBackup, writeDirectoryAtomically, writeFileAtomically, type AtomicWriteHooks } from '../io/atomic-directory.js';
import { DEFAULT_SHARD_SIZE_BYTES, MODEL_JSON, modelArtifactsToFiles } from '../io/model-files.js';
import type { CheckpointStore, NamedArray, TrainingCheckpoint, TrainingState } from './checkpoint-store.js';

export interface FileCheckpointStoreOptions {
  /** Checkpoints kept on disk, newest first. Default 2. */
  readonly keep?: number;
  /** Weight shard size of each checkpoint's model. Default 4 MiB. */
  readonly shardSizeBytes?: number;
  /** Test seams of the atomic directory write. */
  readonly hooks?: AtomicWriteHooks;
}

const LATEST = 'latest.json';
const STATE = 'state.json';
const OPTIMIZER_JSON = 'optimizer.json';
const OPTIMIZER_BIN = 'optimizer.bin';
const STEP_DIR = /^step-(\d+)$/;

function stepDirName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

function encode(arrays: readonly NamedArray[]): { specs: io.WeightsManifestEntry[]; bytes: Uint8Array } {
  const total = arrays.reduce((n, a) => n + a.data.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  const specs = arrays.map((a) => {
    bytes.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), offset);
    offset += a.data.byteLength;
    return { name: a.name, shape: [...a.shape], dtype: a.dtype };
  });
  return { specs, bytes };
}

function decode(specs: readonly io.WeightsManifestEntry[], bytes: Uint8Array, file: string): NamedArray[] {
  let offset = 0;
  return specs.map((spec) => {
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32') throw new Error(`fileCheckpointStore: ${file}: '${spec.name}' has dtype ${spec.dtype}, expected float32 or int32`);
    if (spec.quantization != null) throw new Error(`fileCheckpointStore: ${file}: '${spec.name}' is quantized; checkpoints are not`);
    const size = spec.shape.reduce((a, b) => a * b, 1) * 4;
    if (offset + size > bytes.byteLength) {
      throw new Error(`fileCheckpointStore: ${file} is truncated: '${spec.name}' needs bytes ${offset}–${offset + size} of ${bytes.byteLength}`);
    }
    const copy = bytes.slice(offset, offset + size).buffer;
    offset += size;
    return { name: spec.name, shape: [...spec.shape], dtype: spec.dtype, data: spec.dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy) };
  });
}

async function readJson<T>(path: string): Promise<T> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`fileCheckpointStore: ${path} is not valid JSON (${(e as Error).message})`);
  }
}

async function concatFiles(dir: string, paths: readonly string[]): Promise<Uint8Array> {
  const parts = await Promise.all(paths.map((p) => readFile(join(dir, p))));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/**
 * A `CheckpointStore` on the file system, for `train({checkpoint: {store}})`.
 *
 * Each checkpoint is a directory `<dir>/step-<9 digits>/` written atomically, holding a standard tfjs
 * model (`model.json` + shards: load it with `tf.loadLayersModel(nodeFileSystem(path))`), the
 * optimizer state (`optimizer.json` + `optimizer.bin`) and the run state (`state.json`). Then
 * `<dir>/latest.json` is replaced atomically to point at it, and all but the newest `keep` are
 * removed. A crash at any moment leaves `latest.json` naming a complete checkpoint.
 */
export function fileCheckpointStore(dir: string, options: FileCheckpointStoreOptions = {}): CheckpointStore & { readonly directory: string } {
  const directory = resolve(dir);
  const keep = options.keep ?? 2;
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`fileCheckpointStore: keep must be a positive integer, got ${keep}`);
  const shardSize = options.shardSizeBytes ?? DEFAULT_SHARD_SIZE_BYTES;

  const listCheckpoints = async (): Promise<{ name: string; step: number }[]> => {
    const names = await readdir(directory).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [] as string[];
      throw e;
    });
    return names
      .map((name) => ({ name, m: STEP_DIR.exec(name) }))
      .filter((x): x is { name: string; m: RegExpExecArray } => x.m != null)
      .map(({ name, m }) => ({ name, step: Number(m[1]) }))
      .sort((a, b) => b.step - a.step);
  };

  /** The checkpoint directory to read: latest.json's, else the newest complete one. */
  const findLatest = async (): Promise<string | null> => {
    const pointer = await readJson<{ checkpoint?: string }>(join(directory, LATEST)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (pointer?.checkpoint != null) {
      const path = join(directory, pointer.checkpoint);
      if (await isDirectory(path)) return path;
      // Replaced in place and caught between the two renames: its previous version is beside it.
      const backup = await findInterruptedBackup(path);
      if (backup != null) return backup;
    }
    for (const { name } of await listCheckpoints()) {
      const path = join(directory, name);
      if (await stat(join(path, STATE)).catch(() => null)) return path;
    }
    return null;
  };

  return {
    directory,
    location: directory,
    async save(checkpoint: TrainingCheckpoint): Promise<string> {
      const name = stepDirName(checkpoint.state.step);
      const weights = encode(checkpoint.weights);
      const optimizer = encode(checkpoint.optimizer);
      const modelFiles = modelArtifactsToFiles(
        {
          modelTopology: (checkpoint.modelTopology ?? {}) as object,
          format: 'layers-model',
          generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
          convertedBy: '@lip/runtime fileCheckpointStore',
          weightSpecs: weights.specs,
          weightData: weights.bytes.buffer as ArrayBuffer,
        },
        shardSize,
      );
      const optimizerJson = { weightsManifest: [{ paths: [OPTIMIZER_BIN], weights: optimizer.specs }] };
      const target = join(directory, name);
      await writeDirectoryAtomically(
        target,
        [
          ...modelFiles,
          { name: OPTIMIZER_JSON, data: JSON.stringify(optimizerJson) },
          { name: OPTIMIZER_BIN, data: optimizer.bytes },
          { name: STATE, data: JSON.stringify(checkpoint.state, null, 2) },
        ],
        options.hooks,
      );
      await writeFileAtomically(join(directory, LATEST), JSON.stringify({ checkpoint: name, step: checkpoint.state.step, epoch: checkpoint.state.epoch, savedAt: checkpoint.state.savedAt }));
      for (const old of (await listCheckpoints()).slice(keep)) {
        if (old.name !== name) await rm(join(directory, old.name), { recursive: true, force: true });
      }
      return target;
    },
    async load(): Promise<TrainingCheckpoint | null> {
      const path = await findLatest();
      if (path == null) return null;
      const state = await readJson<TrainingState>(join(path, STATE));
      if (state.format !== 'lip-training-checkpoint' || state.version !== 1) {
        throw new Error(`fileCheckpointStore: ${join(path, STATE)} is not a version 1 lip training checkpoint`);
      }
      const model = await readJson<io.ModelJSON>(join(path, MODEL_JSON));
      const weightFiles = model.weightsManifest.flatMap((g) => g.paths);
      const weights = decode(model.weightsManifest.flatMap((g) => g.weights), await concatFiles(path, weightFiles), join(path, MODEL_JSON));
      const opt = await readJson<{ weightsManifest: io.WeightsManifestConfig }>(join(path, OPTIMIZER_JSON));
      const optimizer = decode(opt.weightsManifest.flatMap((g) => g.weights), await concatFiles(path, opt.weightsManifest.flatMap((g) => g.paths)), join(path, OPTIMIZER_JSON));
      const topology = model.modelTopology as Record<string, unknown>;
      return { state, weights, optimizer, modelTopology: Object.keys(topology).length > 0 ? topology : null };
    },
  };
}
