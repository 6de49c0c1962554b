import * as tf from '@tensorflow/tfjs-core';
import { SslLossInputError } from '../ssl-loss-input-error.js';

function requireScalars(fn: string, terms: readonly tf.Scalar[]): void {
  if (!Array.isArray(terms) || terms.length === 0) throw new SslLossInputError(`${fn}: terms must be a non-empty array of scalar losses.`);
  terms.forEach((t, i) => {
    if (!(t instanceof tf.Tensor) || t.rank !== 0) {
      throw new SslLossInputError(`${fn}: terms[${i}] must be a scalar tensor; got ${t instanceof tf.Tensor ? `shape [${t.shape.join(', ')}]` : String(t)}.`);
    }
  });
}

/**
 * Mean of scalar loss terms: deep-supervision averaging, as SS-NAN's `KL.average` of its 4 SS
 * losses in `finetune_ssloss_withdeep`.
 */
export function averageLossTerms(terms: readonly tf.Scalar[]): tf.Scalar {
  requireScalars('averageLossTerms', terms);
  return tf.tidy(() => tf.div(tf.addN([...terms]), terms.length) as tf.Scalar);
}

/**
 * Sum of scalar loss terms: SS-NAN's `KL.add` in `finetune_withdeep`, caffe's four loss layers,
 * JPPNet's 12 parsing + 12 pose terms.
 */
export function sumLossTerms(terms: readonly tf.Scalar[]): tf.Scalar {
  requireScalars('sumLossTerms', terms);
  return tf.tidy(() => tf.addN([...terms]) as tf.Scalar);
}
