import * as tf from '@tensorflow/tfjs-core';
import type { WeightSource, WeightTensor } from '@lip/runtime';
import { nodeFileSystem, readKerasWeightsFile, readTfCheckpointFile } from '@lip/runtime/node';
import { ConvertError } from '../convert-error.js';
import type { ResolvedSource } from './resolve-source.js';

/** The weights of a source, read once, and the `userDefinedMetadata` of a tfjs model. */
export interface SourceWeights {
  readonly weights: WeightSource;
  readonly metadata: Record<string, unknown> | null;
}

/**
 * A tfjs model folder's weights as a `WeightSource` (`layer/role` split at the last `/` of each tfjs weight name), so
 * that they load by name with the model packages' loaders like a Keras file. Quantized weights are de-quantized.
 */
export async function readTfjsModelWeights(dir: string): Promise<SourceWeights> {
  const artifacts = await nodeFileSystem(dir).load();
  if (artifacts.weightSpecs == null || artifacts.weightData == null || artifacts.weightSpecs.length === 0) {
    throw new ConvertError(`${dir}/model.json lists no weights: not a model to convert`);
  }
  const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  const tensors: WeightTensor[] = [];
  try {
    for (const spec of artifacts.weightSpecs) {
      const t = named[spec.name]!;
      const slash = spec.name.lastIndexOf('/');
      if (slash < 0) throw new ConvertError(`${dir}/model.json: weight '${spec.name}' is not named layer/role (as tfjs layers models name their weights)`);
      if (t.dtype !== 'float32' && t.dtype !== 'int32') throw new ConvertError(`${dir}/model.json: weight '${spec.name}' has dtype ${t.dtype}; expected float32 or int32`);
      const values = t.dtype === 'int32' ? Int32Array.from(t.dataSync() as Int32Array) : Float32Array.from(t.dataSync() as Float32Array);
      tensors.push({ name: spec.name, layer: spec.name.slice(0, slash), role: spec.name.slice(slash + 1), shape: [...t.shape], dtype: t.dtype, values });
    }
  } finally {
    tf.dispose(Object.values(named));
  }
  const metadata = (artifacts.userDefinedMetadata as Record<string, unknown> | undefined) ?? null;
  // WeightSource has no tfjs format tag; tfjs names follow Keras 2's layer/role.
  return { weights: { format: 'keras2', description: `${dir}/model.json`, tensors }, metadata };
}

/** Reads the weights with `@lip/runtime/node`'s readers (their errors name the file and the tensor). */
export async function readSource(source: ResolvedSource): Promise<SourceWeights> {
  switch (source.kind) {
    case 'tf-checkpoint':
      return { weights: await readTfCheckpointFile(source.path), metadata: null };
    case 'keras':
      return { weights: await readKerasWeightsFile(source.path), metadata: null };
    case 'tfjs-model':
      return readTfjsModelWeights(source.path);
  }
}
