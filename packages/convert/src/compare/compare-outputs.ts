import * as tf from '@tensorflow/tfjs-core';

/** How far two logit maps [1, h, w, classes] are apart. */
export interface LogitComparison {
  /** Share of pixels whose arg-max class is the same. */
  readonly labelAgreement: number;
  /** Largest absolute difference of any logit. */
  readonly maxLogitDifference: number;
  /** Largest absolute reference logit: the scale of the difference. */
  readonly maxAbsLogit: number;
  readonly pixels: number;
}

export function compareLogits(reference: tf.Tensor4D, other: tf.Tensor4D): LogitComparison {
  if (!tf.util.arraysEqual(reference.shape, other.shape)) throw new Error(`compareLogits: shapes differ, [${reference.shape}] and [${other.shape}]`);
  return tf.tidy(() => {
    const same = tf.equal(tf.argMax(reference, -1), tf.argMax(other, -1));
    const pixels = same.size;
    const agreeing = tf.sum(tf.cast(same, 'int32')).dataSync()[0]!;
    return { labelAgreement: agreeing / pixels, maxLogitDifference: maxAbsDifference(reference, other), maxAbsLogit: tf.max(tf.abs(reference)).dataSync()[0]!, pixels };
  });
}

export function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}
