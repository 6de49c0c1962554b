import { localModelJsonOf } from '../io/local-model-path.js';
import { readKerasWeightsFile } from './keras/read-keras-weights-file.js';
import { readTfCheckpointFile } from './tf-checkpoint/read-tf-checkpoint-file.js';
import { readTfjsModelWeights } from './tfjs-model/read-tfjs-model-weights.js';
import type { WeightSource } from './weight-source.js';

/**
 * Reads a weight file by its kind: `.h5` / `.hdf5` as Keras weights (Keras 2 or Keras 3 legacy layout); a tfjs
 * model (a `model.json`, or a folder holding one, e.g. a shipped web model or a training checkpoint) by its
 * `layer/role` weight names; anything else as a TensorFlow checkpoint (a prefix such as `model.ckpt`, one of its
 * `.index` / `.data-*` files, or a folder with a `checkpoint` state file), as JPPNet's are.
 */
export function readWeightsFile(path: string): Promise<WeightSource> {
  if (/\.(h5|hdf5)$/i.test(path)) return readKerasWeightsFile(path);
  if (localModelJsonOf(path) != null) return readTfjsModelWeights(path);
  return readTfCheckpointFile(path);
}
