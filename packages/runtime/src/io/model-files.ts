import type { io } from '@tensorflow/tfjs-core';
import type { DirectoryFile } from './atomic-directory.js';

/** The tfjs converter's default shard size (`weight_shard_size_bytes`): 4 MiB. */
export const DEFAULT_SHARD_SIZE_BYTES = 4 * 1024 * 1024;

export const MODEL_JSON = 'model.json';

function concatenate(data: io.WeightData | undefined): Uint8Array {
  if (data == null) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/**
 * The files of a tfjs model in the standard format: `model.json` (topology and weights manifest, the
 * layout `tensorflowjs_converter` and tfjs-node write) and the weight bytes split into shards named
 * like the converter's, `group1-shard{i}of{n}.bin`. Weights are split at byte boundaries, as the
 * converter does; loaders concatenate the shards in manifest order.
 */
export function modelArtifactsToFiles(artifacts: io.ModelArtifacts, shardSizeBytes = DEFAULT_SHARD_SIZE_BYTES): DirectoryFile[] {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('nodeFileSystem: saving a graph model (binary topology) is not supported; save layers models');
  }
  if (!(shardSizeBytes > 0)) throw new RangeError(`nodeFileSystem: shardSizeBytes must be positive, got ${shardSizeBytes}`);
  const bytes = concatenate(artifacts.weightData);
  const count = Math.max(1, Math.ceil(bytes.byteLength / shardSizeBytes));
  const shards: DirectoryFile[] = [];
  for (let i = 0; i < count; i++) {
    const start = i * shardSizeBytes;
    shards.push({ name: `group1-shard${i + 1}of${count}.bin`, data: bytes.subarray(start, Math.min(bytes.byteLength, start + shardSizeBytes)) });
  }
  const modelJson: io.ModelJSON = {
    modelTopology: artifacts.modelTopology ?? {},
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'TensorFlow.js tfjs-layers v4.22.0',
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: shards.map((s) => s.name), weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.signature != null) modelJson.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.modelInitializer != null) modelJson.modelInitializer = artifacts.modelInitializer;
  if (artifacts.initializerSignature != null) modelJson.initializerSignature = artifacts.initializerSignature;
  return [{ name: MODEL_JSON, data: JSON.stringify(modelJson) }, ...shards];
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** Bytes the manifest's tensors occupy, or null when it cannot be known (string tensors). */
export function manifestByteLength(specs: readonly io.WeightsManifestEntry[]): number | null {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const width = BYTES_PER_ELEMENT[dtype];
    if (width == null) return null;
    total += spec.shape.reduce((a, b) => a * b, 1) * width;
  }
  return total;
}
