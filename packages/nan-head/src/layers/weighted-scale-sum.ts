import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

/**
 * `build_weighted_feature`: inputs `[f_0, …, f_{n−1}, attention]`, output `Σ_i f_i · attention[..., i]`,
 * the per-pixel attention-weighted sum of the scale features (the reference's `weigthed_features` Lambda).
 */
export class WeightedScaleSum extends tfl.layers.Layer {
  static className = 'WeightedScaleSum';

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = inputShape as Shape[];
    if (shapes.length < 2) throw new Error(`${this.name}: expects the scale features followed by the attention map`);
    return [...shapes[0]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      if (!Array.isArray(inputs) || inputs.length < 2) throw new Error(`${this.name}: expects [f_0, …, f_n−1, attention]`);
      const features = inputs.slice(0, -1);
      const attention = inputs[inputs.length - 1]!;
      const channels = attention.shape[attention.rank - 1];
      if (channels !== features.length) {
        throw new Error(`${this.name}: attention has ${channels} channels for ${features.length} scale features`);
      }
      const weights = tf.split(attention, features.length, -1);
      return tf.addN(features.map((f, i) => tf.mul(f, weights[i]!)));
    });
  }
}
tf.serialization.registerClass(WeightedScaleSum);
