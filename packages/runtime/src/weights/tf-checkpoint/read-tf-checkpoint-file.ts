import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WeightImportError, type WeightSource } from '../weight-source.js';
import {
  listTfCheckpointIndexVariables,
  parseTfCheckpointIndex,
  readTfCheckpointTensors,
  type ReadTfCheckpointOptions,
  type TfCheckpointShards,
  type TfCheckpointVariable,
} from './read-tf-checkpoint.js';

/**
 * The checkpoint prefix for a path that is the prefix itself, its `.index` or a `.data-*` file, or a directory
 * with a `checkpoint` state file (whose `model_checkpoint_path` names the latest checkpoint).
 */
export function resolveTfCheckpointPrefix(path: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) {
    const stateFile = resolve(path, 'checkpoint');
    if (!existsSync(stateFile)) throw new WeightImportError(`${path} is a directory without a "checkpoint" state file; pass the checkpoint prefix (the path without .index)`);
    const latest = /^model_checkpoint_path:\s*"(.*)"\s*$/m.exec(readFileSync(stateFile, 'utf8'))?.[1];
    if (!latest) throw new WeightImportError(`${stateFile} has no model_checkpoint_path line`);
    return resolve(dirname(stateFile), latest);
  }
  return path.replace(/\.index$/, '').replace(/\.data-\d{5}-of-\d{5}$/, '');
}

function readIndex(prefix: string, path: string) {
  const indexPath = `${prefix}.index`;
  if (!existsSync(indexPath)) throw new WeightImportError(`no TF checkpoint at ${path}: ${indexPath} not found`);
  return parseTfCheckpointIndex(new Uint8Array(readFileSync(indexPath)), indexPath);
}

/**
 * Reads a TensorFlow v2-format checkpoint from disk: `prefix` is the path without `.index` (or a directory
 * holding a `checkpoint` file). Only the byte ranges of the tensors kept are read from the data shards.
 */
export async function readTfCheckpointFile(prefix: string, options: ReadTfCheckpointOptions = {}): Promise<WeightSource> {
  const resolved = resolveTfCheckpointPrefix(prefix);
  const index = readIndex(resolved, prefix);
  const shards = openShards(resolved, index.header.numShards);
  try {
    return readTfCheckpointTensors(index, shards, { ...options, description: options.description ?? prefix });
  } finally {
    shards.close();
  }
}

/** Every variable of a checkpoint on disk (optimizer slots included), from its `.index` alone. */
export async function listTfCheckpointVariablesFile(prefix: string): Promise<TfCheckpointVariable[]> {
  const resolved = resolveTfCheckpointPrefix(prefix);
  return listTfCheckpointIndexVariables(readIndex(resolved, prefix));
}

function openShards(prefix: string, count: number): TfCheckpointShards & { close(): void } {
  const paths = Array.from({ length: count }, (_, i) => `${prefix}.data-${String(i).padStart(5, '0')}-of-${String(count).padStart(5, '0')}`);
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new WeightImportError(`TF checkpoint ${prefix}: data shard file(s) not found: ${missing.join(', ')}`);
  const fds: number[] = [];
  try {
    for (const path of paths) fds.push(openSync(path, 'r'));
  } catch (error) {
    fds.forEach((fd) => closeSync(fd));
    throw error;
  }
  const sizes = fds.map((fd) => fstatSync(fd).size);
  return {
    count,
    label: (shard) => paths[shard]!,
    byteLength: (shard) => sizes[shard]!,
    freshReads: true,
    read(shard, offset, size) {
      const bytes = new Uint8Array(size);
      let done = 0;
      while (done < size) {
        const n = readSync(fds[shard]!, bytes, done, size - done, offset + done);
        if (n === 0) throw new WeightImportError(`${paths[shard]}: unexpected end of file at byte ${offset + done}`);
        done += n;
      }
      return bytes;
    },
    close: () => fds.forEach((fd) => closeSync(fd)),
  };
}
