import { io } from '@tensorflow/tfjs-core';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { findInterruptedBackup, writeDirectoryAtomically, type AtomicWriteHooks } from './atomic-directory.js';
import { DEFAULT_SHARD_SIZE_BYTES, MODEL_JSON, manifestByteLength, modelArtifactsToFiles } from './model-files.js';

export interface NodeFileSystemOptions {
  /** Weight shard size in bytes. Default 4 MiB, as `tensorflowjs_converter`. */
  readonly shardSizeBytes?: number;
  /** Test seams of the atomic write. */
  readonly hooks?: AtomicWriteHooks;
}

/** A `tf.io.IOHandler` that also says where it reads and writes. */
export interface NodeFileSystemHandler extends io.IOHandler {
  /** The model directory. */
  readonly directory: string;
  save(artifacts: io.ModelArtifacts): Promise<io.SaveResult>;
  load(): Promise<io.ModelArtifacts>;
}

async function readModelJson(path: string): Promise<io.ModelJSON> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`nodeFileSystem: no model at ${path} (file not found)`);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`nodeFileSystem: ${path} is not valid JSON (${(e as Error).message})`);
  }
  const candidate = json as Partial<io.ModelJSON> | null;
  if (candidate == null || typeof candidate !== 'object' || candidate.modelTopology == null) {
    throw new Error(`nodeFileSystem: ${path} has no modelTopology: not a tfjs model.json`);
  }
  if (candidate.weightsManifest != null && !Array.isArray(candidate.weightsManifest)) {
    throw new Error(`nodeFileSystem: ${path}: weightsManifest must be an array of {paths, weights} groups`);
  }
  return candidate as io.ModelJSON;
}

async function readWeights(modelJsonPath: string, manifest: io.WeightsManifestConfig): Promise<[io.WeightsManifestEntry[], ArrayBuffer[]]> {
  const dir = dirname(modelJsonPath);
  const specs: io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const path of group.paths) {
      let bytes: Buffer;
      try {
        bytes = await readFile(join(dir, path));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new Error(`nodeFileSystem: weight file '${path}' listed in ${modelJsonPath} is missing`);
        }
        throw e;
      }
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  const expected = manifestByteLength(specs);
  const actual = buffers.reduce((n, b) => n + b.byteLength, 0);
  if (expected != null && expected !== actual) {
    throw new Error(`nodeFileSystem: ${modelJsonPath}: the manifest's ${specs.length} tensors need ${expected} bytes but the weight files hold ${actual}`);
  }
  return [specs, buffers];
}

/** Files of a previous save that a new save may replace: model.json and what its manifest lists. */
async function assertReplaceable(directory: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new Error(`nodeFileSystem: cannot save to ${directory}: it is a file, not a directory`);
    throw e;
  }
  if (names.length === 0) return;
  const owned = new Set<string>([MODEL_JSON]);
  if (names.includes(MODEL_JSON)) {
    const json = await readModelJson(join(directory, MODEL_JSON)).catch(() => null);
    for (const group of json?.weightsManifest ?? []) for (const p of group.paths) owned.add(p);
  }
  const foreign = names.filter((n) => !owned.has(n));
  if (foreign.length > 0) {
    const list = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
    throw new Error(`nodeFileSystem: refusing to save into ${directory}: it holds files that are not part of a saved model (${list}); saves replace the whole directory, so use an empty or new one`);
  }
}

/**
 * A file-system IO handler for tfjs models that works on every backend, without tfjs-node.
 *
 * `path` is the model directory (saves write `model.json` and `group1-shard*.bin` into it) or, for
 * loading, the `model.json` file itself. Saves are atomic (see `writeDirectoryAtomically`): a killed
 * process leaves the previous model or the new one, never a partial one. A save replaces the whole
 * directory, so it refuses a directory holding files other than a previous model's.
 *
 * ```ts
 * await model.save(nodeFileSystem('models/parser'));
 * const again = await tf.loadLayersModel(nodeFileSystem('models/parser/model.json'));
 * ```
 */
export function nodeFileSystem(path: string, options: NodeFileSystemOptions = {}): NodeFileSystemHandler {
  if (typeof path !== 'string' || path === '') throw new Error('nodeFileSystem: path must be a non-empty string');
  const absolute = resolve(path);
  const pointsAtJson = absolute.endsWith('.json');
  const directory = pointsAtJson ? dirname(absolute) : absolute;
  const modelJsonPath = pointsAtJson ? absolute : join(absolute, MODEL_JSON);
  const shardSize = options.shardSizeBytes ?? DEFAULT_SHARD_SIZE_BYTES;

  return {
    directory,
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      if (pointsAtJson) {
        throw new Error(`nodeFileSystem: save to a directory, not to a .json file (got ${path}); the directory receives ${MODEL_JSON} and the weight shards`);
      }
      const files = modelArtifactsToFiles(artifacts, shardSize);
      await assertReplaceable(directory);
      await writeDirectoryAtomically(directory, files, options.hooks);
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<io.ModelArtifacts> {
      let jsonPath = modelJsonPath;
      let json: io.ModelJSON;
      try {
        json = await readModelJson(jsonPath);
      } catch (e) {
        // A writer killed between its two renames leaves the previous version beside the directory.
        const backup = await findInterruptedBackup(directory);
        if (backup == null) throw e;
        jsonPath = join(backup, basename(modelJsonPath));
        json = await readModelJson(jsonPath);
      }
      return io.getModelArtifactsForJSON(json, (manifest) => readWeights(jsonPath, manifest));
    },
  };
}
