import * as tf from '@tensorflow/tfjs-core';
import { nodeFileSystem } from '../../io/node-file-system.js';
import { WeightImportError, type WeightSource, type WeightTensor } from '../weight-source.js';

/**
 * The weights of a tfjs model folder (`model.json` + shards, or the `model.json` path itself) as a `WeightSource`:
 * each tfjs weight name is split at its last `/` into layer and role, as tfjs-layers names them, so the model
 * packages' loaders load it by name like a Keras file. float16 (and other quantized) weights are de-quantized.
 */
export async function readTfjsModelWeights(path: string): Promise<WeightSource> {
  const handler = nodeFileSystem(path);
  const shown = `${handler.directory}/model.json`;
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (e) {
    throw new WeightImportError(`cannot read the tfjs model ${shown}: ${(e as Error).message}`, { cause: e });
  }
  if (artifacts.weightSpecs == null || artifacts.weightData == null || artifacts.weightSpecs.length === 0) {
    throw new WeightImportError(`${shown} lists no weights`);
  }
  const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  const tensors: WeightTensor[] = [];
  try {
    for (const spec of artifacts.weightSpecs) {
      const t = named[spec.name]!;
      const slash = spec.name.lastIndexOf('/');
      if (slash < 0) throw new WeightImportError(`${shown}: weight '${spec.name}' is not named layer/role (as tfjs layers models name their weights)`);
      if (t.dtype !== 'float32' && t.dtype !== 'int32') throw new WeightImportError(`${shown}: weight '${spec.name}' has dtype ${t.dtype}; expected float32 or int32`);
      const values = t.dtype === 'int32' ? Int32Array.from(t.dataSync() as Int32Array) : Float32Array.from(t.dataSync() as Float32Array);
      tensors.push({ name: spec.name, layer: spec.name.slice(0, slash), role: spec.name.slice(slash + 1), shape: [...t.shape], dtype: t.dtype, values });
    }
  } finally {
    tf.dispose(Object.values(named));
  }
  // WeightSource has no tfjs format tag; tfjs names follow Keras 2's layer/role.
  return { format: 'keras2', description: shown, tensors };
}
