import { float16BytesToFloat32 } from '../float16.js';
import { WeightImportError, type WeightDtype, type WeightSource, type WeightTensor } from '../weight-source.js';
import { decodeBundleEntry, decodeBundleHeader, type BundleEntry, type BundleHeader } from './bundle-proto.js';
import { crc32c, unmaskCrc32c } from './crc32c.js';
import { readTableEntries } from './sstable.js';
import { tfDtypeBytes, tfDtypeName } from './tf-dtype.js';
import { isOptimizerState, OBJECT_GRAPH_KEY, tfVariableLayerAndRole } from './tf-variable-name.js';

/** One variable of a checkpoint, as `tf.train.list_variables` lists it. dtype is a TF name ('float32', 'int64', 'string', …). */
export interface TfCheckpointVariable {
  name: string;
  dtype: string;
  shape: number[];
}

export interface ReadTfCheckpointOptions {
  /** Drop optimizer state: `<var>/Momentum`, `/Adam`, `/Adam_1`, `/RMSProp`, … slots, Adam's `beta1_power`/`beta2_power`, TF2 `.OPTIMIZER_SLOT`s. Default true. */
  skipOptimizerSlots?: boolean;
  /** Names the checkpoint in error messages (default "TF checkpoint"). */
  description?: string;
  /** Reads only the variables this returns true for (after optimizer slots are dropped). */
  include?: (name: string) => boolean;
}

/** The parsed `.index` file: the header and every tensor's entry, in name order. */
export interface TfCheckpointIndex {
  header: BundleHeader;
  entries: { name: string; entry: BundleEntry }[];
}

/** Random access to the data shards, so a Node reader can read only the byte ranges it needs. */
export interface TfCheckpointShards {
  count: number;
  /** The shard's file name for messages. */
  label(shard: number): string;
  byteLength(shard: number): number;
  read(shard: number, offset: number, size: number): Uint8Array;
  /** read() returns a new buffer of its own each time, which the tensor may keep without a copy. */
  freshReads?: boolean;
}

export function parseTfCheckpointIndex(index: Uint8Array, indexLabel: string): TfCheckpointIndex {
  const fail = (what: string) => new WeightImportError(`${indexLabel}: ${what}`);
  if (index.length === 0) throw fail('the index file is empty');
  let header: BundleHeader | undefined;
  const entries: TfCheckpointIndex['entries'] = [];
  for (const { key, value } of readTableEntries(index, fail)) {
    try {
      if (key === '') header = decodeBundleHeader(value);
      else entries.push({ name: key, entry: decodeBundleEntry(value) });
    } catch (error) {
      throw fail(`entry "${key}" is not a valid bundle proto: ${(error as Error).message}`);
    }
  }
  if (!header) throw fail('no bundle header (the empty key); not a TensorFlow v2-format checkpoint index');
  if (header.endianness !== 'little') throw fail('big-endian checkpoints are not supported');
  return { header, entries };
}

export function listTfCheckpointIndexVariables({ entries }: TfCheckpointIndex): TfCheckpointVariable[] {
  return entries.map(({ name, entry }) => ({ name, dtype: tfDtypeName(entry.dtype), shape: [...entry.shape] }));
}

/** Reads the tensors an index describes from its shards, checking each one's size and CRC-32C. */
export function readTfCheckpointTensors(
  { header, entries }: TfCheckpointIndex,
  shards: TfCheckpointShards,
  options: ReadTfCheckpointOptions,
): WeightSource {
  const description = options.description ?? 'TF checkpoint';
  const skipOptimizerSlots = options.skipOptimizerSlots ?? true;
  if (shards.count !== header.numShards) {
    throw new WeightImportError(`${description}: the index names ${header.numShards} data shard(s), ${shards.count} given`);
  }
  const tensors: WeightTensor[] = [];
  for (const { name, entry } of entries) {
    if (name === OBJECT_GRAPH_KEY) continue;
    if (skipOptimizerSlots && isOptimizerState(name)) continue;
    if (options.include && !options.include(name)) continue;
    const { layer, role } = tfVariableLayerAndRole(name);
    const { dtype, values } = readTensor(name, entry, shards, description);
    tensors.push({ name, layer, role, shape: [...entry.shape], dtype, values });
  }
  return { format: 'tf-checkpoint', description, tensors };
}

function readTensor(name: string, entry: BundleEntry, shards: TfCheckpointShards, description: string): { dtype: WeightDtype; values: WeightTensor['values'] } {
  const fail = (what: string) => new WeightImportError(`${description}: variable ${name}: ${what}`);
  if (entry.sliced) throw fail('is a partitioned variable (stored as slices), which is not supported');
  const dtypeName = tfDtypeName(entry.dtype);
  const elementBytes = tfDtypeBytes(entry.dtype);
  if (!['float32', 'float64', 'float16', 'int32', 'int64'].includes(dtypeName) || elementBytes === undefined) {
    throw fail(`has dtype ${dtypeName}; weights must be float32, float64, float16, int32 or int64 (use the include option to leave it out)`);
  }
  const count = entry.shape.reduce((a, b) => a * b, 1);
  if (entry.size !== count * elementBytes) {
    throw fail(`the index gives ${entry.size} bytes for ${dtypeName}[${entry.shape.join(',')}], expected ${count * elementBytes}`);
  }
  if (entry.shardId >= shards.count) throw fail(`is in data shard ${entry.shardId}, but the checkpoint has ${shards.count}`);
  const file = shards.label(entry.shardId);
  const available = shards.byteLength(entry.shardId);
  if (entry.offset + entry.size > available) {
    throw fail(`needs bytes [${entry.offset}, ${entry.offset + entry.size}) of ${file}, which has only ${available} bytes (truncated)`);
  }
  const bytes = shards.read(entry.shardId, entry.offset, entry.size);
  const actual = crc32c(bytes);
  const stored = unmaskCrc32c(entry.crc32c);
  if (actual !== stored) {
    throw fail(`CRC-32C mismatch in ${file} (bytes [${entry.offset}, ${entry.offset + entry.size}): stored ${hex(stored)}, computed ${hex(actual)}); the file is corrupt`);
  }
  // The typed arrays need an aligned buffer of their own: copy unless the read already made one.
  const owned = shards.freshReads && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = owned ? bytes.buffer : bytes.slice().buffer;
  switch (dtypeName) {
    case 'float32':
      return { dtype: 'float32', values: new Float32Array(buffer) };
    case 'float64':
      return { dtype: 'float32', values: Float32Array.from(new Float64Array(buffer)) };
    case 'float16':
      return { dtype: 'float16', values: float16BytesToFloat32(bytes) };
    case 'int32':
      return { dtype: 'int32', values: new Int32Array(buffer) };
    default:
      return { dtype: 'int64', values: new BigInt64Array(buffer) };
  }
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Shards held in memory, in shard order. */
export function inMemoryShards(shards: Uint8Array[], description: string): TfCheckpointShards {
  const label = (shard: number) => `${description} data shard ${shard} (data-${String(shard).padStart(5, '0')}-of-${String(shards.length).padStart(5, '0')})`;
  return {
    count: shards.length,
    label,
    byteLength: (shard) => shards[shard]!.length,
    read: (shard, offset, size) => shards[shard]!.subarray(offset, offset + size),
  };
}

function asBytes(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/**
 * Reads a TensorFlow v2-format checkpoint (`<prefix>.index` + `<prefix>.data-0000i-of-0000N`, as written by
 * `tf.compat.v1.train.Saver` and `tf.train.Checkpoint`) from memory. Names map to (layer, role):
 * `weights`/`w` → kernel, `biases`/`b` → bias, BN names as is; the layer is the name minus its last part.
 */
export function readTfCheckpoint(
  files: { index: Uint8Array | ArrayBuffer; shards: (Uint8Array | ArrayBuffer)[] },
  options: ReadTfCheckpointOptions = {},
): WeightSource {
  const description = options.description ?? 'TF checkpoint';
  if (!files.index) throw new WeightImportError(`${description}: no index given (the <prefix>.index file)`);
  const index = parseTfCheckpointIndex(asBytes(files.index), `${description} index`);
  return readTfCheckpointTensors(index, inMemoryShards(files.shards.map(asBytes), description), { ...options, description });
}

/** Every variable in a checkpoint's index (optimizer slots included), sorted by name, without reading the data. */
export function listTfCheckpointVariables(
  index: Uint8Array | ArrayBuffer | { index: Uint8Array | ArrayBuffer },
  options: { description?: string } = {},
): TfCheckpointVariable[] {
  const bytes = index instanceof Uint8Array || index instanceof ArrayBuffer ? index : index.index;
  return listTfCheckpointIndexVariables(parseTfCheckpointIndex(asBytes(bytes), `${options.description ?? 'TF checkpoint'} index`));
}
