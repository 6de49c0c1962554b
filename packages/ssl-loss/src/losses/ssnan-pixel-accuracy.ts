import * as tf from '@tensorflow/tfjs-core';
import { withoutGradient } from '../without-gradient.js';
import { prepareCrossEntropy } from './cross-entropy-terms.js';
import type { LabelOptions } from '../inputs/label-options.js';
import { labelsAsInt32, validPixelMask } from '../inputs/check-inputs.js';

/**
 * SS-NAN's `pixelacc` (scalar, no gradient): per image, the fraction of valid pixels whose argmax
 * equals the label, averaged over the batch. The Keras model adds it to the reported loss (it
 * shifts the printed value only). An image without valid pixels counts 0 (Keras: NaN).
 */
export function ssnanPixelAccuracy(labels: tf.Tensor3D, prediction: tf.Tensor4D, options: LabelOptions = {}): tf.Scalar {
  const resolved = prepareCrossEntropy('ssnanPixelAccuracy', labels, prediction, options);
  return withoutGradient(prediction, (p) =>
    tf.tidy(() => {
      const ids = labelsAsInt32(labels);
      const valid = tf.cast(validPixelMask(ids, p.shape[3]!, resolved.ignoreLabels), 'float32');
      const hits = tf.mul(tf.cast(tf.equal(tf.argMax(p, -1), ids), 'float32'), valid);
      const count = tf.sum(valid, [1, 2]);
      const perImage = tf.where(tf.greater(count, 0), tf.div(tf.sum(hits, [1, 2]), tf.maximum(count, 1)), tf.zerosLike(count));
      return tf.mean(perImage) as tf.Scalar;
    }),
  );
}
