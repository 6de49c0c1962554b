import { readKerasWeightsFile } from './keras/read-keras-weights-file.js';
import { readTfCheckpointFile } from './tf-checkpoint/read-tf-checkpoint-file.js';
import type { WeightSource } from './weight-source.js';

/**
 * Reads a weight file by its kind: `.h5` / `.hdf5` as Keras weights (Keras 2 or Keras 3 legacy layout),
 * anything else as a TensorFlow checkpoint (a prefix such as `model.ckpt`, one of its `.index` / `.data-*`
 * files, or a folder with a `checkpoint` state file), as JPPNet's are.
 */
export function readWeightsFile(path: string): Promise<WeightSource> {
  return /\.(h5|hdf5)$/i.test(path) ? readKerasWeightsFile(path) : readTfCheckpointFile(path);
}
