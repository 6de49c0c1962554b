import type { LipBatch } from './batch-iterator.js';

/** The subset of `@tensorflow/tfjs-core` used to build tensors. */
export interface TensorFactory {
  tensor(values: Float32Array | Int32Array, shape: number[], dtype: 'float32' | 'int32'): unknown;
}

/**
 * Converts a batch's arrays to tfjs tensors (float32 images/heatmaps, int32 labels). Pass your own
 * `tf` (recommended, so the tensors belong to your engine); otherwise the optional peer
 * `@tensorflow/tfjs-core` is imported on first use. The caller owns (and disposes) the tensors.
 */
export async function batchToTensors<T = unknown>(batch: LipBatch, tf?: TensorFactory): Promise<Record<string, T>> {
  let factory = tf;
  if (!factory) {
    try {
      factory = (await import('@tensorflow/tfjs-core')) as unknown as TensorFactory;
    } catch (error) {
      throw new Error(`batchToTensors: @tensorflow/tfjs-core is not installed (it is an optional peer dependency): ${(error as Error).message}`);
    }
  }
  const out: Record<string, T> = {};
  for (const [key, data] of Object.entries(batch.arrays)) {
    const shape = batch.shapes[key]!;
    out[key] = (data instanceof Float32Array ? factory.tensor(data, shape, 'float32') : factory.tensor(Int32Array.from(data), shape, 'int32')) as T;
  }
  return out;
}
