import * as tf from '@tensorflow/tfjs-core';
import { requirePositiveInteger, requirePositiveNumber } from '../inputs/check-inputs.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';
import { withoutGradient } from '../without-gradient.js';
import { JOINT_CENTRE_VARIANTS, type JointCentres, type JointCentreVariant } from './joint-centres.js';

/** σ of the joint Gaussians in both references (caffe `pose_create_layer.cpp`, SS-NAN `GRenderLayer(1, …)`). */
export const JOINT_MAP_SIGMA = 1;

/** Peak factor of the joint Gaussians: G = 4 / (√(2π)·σ) · exp(−d² / 2σ²). */
export const JOINT_MAP_GAIN = 4;

export interface RenderJointMapsOptions {
  height: number;
  width: number;
  /** Gaussian σ in pixels. Default 1 (both references). */
  sigma?: number;
}

/** Centres to render: JointCentres, or your own [batch, joints, 2] (y, x) with optional flags. */
export interface JointCentresInput {
  centres: tf.Tensor3D;
  /** [batch, joints], 1 = draw; default all present. */
  present?: tf.Tensor2D;
  /** Blanking rule of the reference that produced the centres; default `'exact'` (present flag only). */
  variant?: JointCentreVariant;
}

/**
 * Gaussian joint maps [batch, height, width, joints] (NHWC, float32):
 * G_j(y, x) = 4 / (√(2π)·σ) · exp(−((x − cx_j)² + (y − cy_j)²) / (2σ²)).
 *
 * Absent joints are all zero. The references blank a few present ones too, and so does this,
 * following `centres.variant`: `'ssnan'` blanks a joint when trunc(cx + cy) = 0 (GRenderLayer's
 * `sign(int32(cx + cy))`), `'caffe'` truncates centres to integers and blanks (0, 0)
 * (`pose_create_layer.cpp`), `'exact'` draws every present joint. No gradient flows to the centres.
 */
export function renderJointMaps(centres: JointCentres | JointCentresInput, options: RenderJointMapsOptions): tf.Tensor4D {
  const fn = 'renderJointMaps';
  const c = centres?.centres;
  if (!(c instanceof tf.Tensor) || c.rank !== 3 || c.shape[2] !== 2) {
    throw new SslLossInputError(`${fn}: centres.centres must be a [batch, joints, 2] (y, x) tensor; got ${c instanceof tf.Tensor ? `shape [${c.shape.join(', ')}]` : String(c)}.`);
  }
  const [batch, joints] = c.shape as [number, number, number];
  const present = centres.present;
  if (present !== undefined && (!(present instanceof tf.Tensor) || present.rank !== 2 || present.shape[0] !== batch || present.shape[1] !== joints)) {
    throw new SslLossInputError(`${fn}: centres.present must be [${batch}, ${joints}] to match the centres; got ${present instanceof tf.Tensor ? `shape [${present.shape.join(', ')}]` : String(present)}.`);
  }
  const variant = centres.variant ?? 'exact';
  if (!JOINT_CENTRE_VARIANTS.includes(variant)) throw new SslLossInputError(`${fn}: variant must be one of ${JOINT_CENTRE_VARIANTS.join(', ')}; got '${String(variant)}'.`);
  const { height, width } = options ?? ({} as RenderJointMapsOptions);
  requirePositiveInteger(fn, height, 'height');
  requirePositiveInteger(fn, width, 'width');
  const sigma = options.sigma ?? JOINT_MAP_SIGMA;
  requirePositiveNumber(fn, sigma, 'sigma');

  return withoutGradient(c, (input) =>
    tf.tidy(() => {
      let points = tf.cast(input, 'float32');
      if (variant === 'caffe') points = tf.mul(tf.sign(points), tf.floor(tf.abs(points))); // C++ int(): toward zero
      const [cy, cx] = tf.unstack(points, 2) as [tf.Tensor2D, tf.Tensor2D];
      let draw: tf.Tensor = present ? tf.notEqual(present, 0) : tf.ones([batch, joints], 'bool');
      if (variant === 'ssnan') draw = tf.logicalAnd(draw, tf.greaterEqual(tf.abs(tf.add(cx, cy)), 1));
      if (variant === 'caffe') draw = tf.logicalAnd(draw, tf.logicalOr(tf.notEqual(cx, 0), tf.notEqual(cy, 0)));
      const gain = tf.mul(tf.cast(draw, 'float32'), JOINT_MAP_GAIN / (Math.sqrt(2 * Math.PI) * sigma));
      // exp(−(dx² + dy²)/2σ²) = exp(−dx²/2σ²)·exp(−dy²/2σ²): two small exps and one broadcast product.
      const along = (coordinate: tf.Tensor2D, size: number) =>
        tf.exp(tf.mul(tf.square(tf.sub(tf.reshape(tf.range(0, size, 1, 'float32'), [1, size, 1]), tf.reshape(coordinate, [batch, 1, joints]))), -0.5 / (sigma * sigma)));
      const gy = tf.reshape(along(cy, height), [batch, height, 1, joints]);
      const gx = tf.reshape(tf.mul(along(cx, width), tf.reshape(gain, [batch, 1, joints])), [batch, 1, width, joints]);
      return tf.mul(gy, gx) as tf.Tensor4D;
    }),
  );
}
