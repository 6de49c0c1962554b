import * as tf from '@tensorflow/tfjs-core';
import type { WeightSource, WeightTensor } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { TrainSsnanError } from './train-ssnan-error.js';

/**
 * Reads the weights of a tfjs model directory (`model.json` + shards, e.g. a train-ssnan checkpoint) as a
 * `WeightSource`, so they load by (layer, role) like a Keras file. Weight names are tfjs-layers' `layer/role`.
 */
export async function readTfjsModelWeights(dir: string): Promise<WeightSource> {
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await nodeFileSystem(dir).load();
  } catch (e) {
    throw new TrainSsnanError(`cannot read the model in ${dir}: ${(e as Error).message}`);
  }
  if (!artifacts.weightSpecs || !artifacts.weightData) throw new TrainSsnanError(`${dir}/model.json lists no weights`);
  const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  const tensors: WeightTensor[] = [];
  try {
    for (const spec of artifacts.weightSpecs) {
      const t = named[spec.name];
      if (!t) continue;
      const slash = spec.name.lastIndexOf('/');
      if (slash < 0) throw new TrainSsnanError(`${dir}/model.json: weight '${spec.name}' is not named layer/role`);
      const values = t.dtype === 'int32' ? new Int32Array(t.dataSync() as Int32Array) : new Float32Array(t.dataSync() as Float32Array);
      tensors.push({ name: spec.name, layer: spec.name.slice(0, slash), role: spec.name.slice(slash + 1), shape: [...t.shape], dtype: t.dtype === 'int32' ? 'int32' : 'float32', values });
    }
  } finally {
    tf.dispose(Object.values(named));
  }
  // The WeightSource format tag has no tfjs variant; these tensors follow Keras 2 naming (layer/role).
  return { format: 'keras2', description: `${dir}/model.json`, tensors };
}
