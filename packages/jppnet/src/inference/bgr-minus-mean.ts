import * as tf from '@tensorflow/tfjs-core';
import { JPPNET_MEAN_BGR } from '@lip/schema';

/** JPPNet's input normalisation: RGB → BGR, minus `IMG_MEAN` (BGR 104.0, 116.7, 122.7); no scaling. */
export function toBgrMinusMean(rgb: tf.Tensor3D | tf.Tensor4D, meanBgr: readonly number[] = JPPNET_MEAN_BGR): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.reverse(tf.cast(rgb, 'float32'), -1), tf.tensor1d([...meanBgr])));
}
