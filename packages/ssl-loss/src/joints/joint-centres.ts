import * as tf from '@tensorflow/tfjs-core';
import {
  labelsAsInt32,
  requireLabelValues,
  requireLabels,
  requireNhwc,
  requirePositiveInteger,
  resolveIgnoreLabels,
  validPixelMask,
} from '../inputs/check-inputs.js';
import type { LabelOptions } from '../inputs/label-options.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';
import { withoutGradient } from '../without-gradient.js';
import { classToJointLookup, groupMatrix, LIP_SSL_JOINT_GROUPS, requireJointGroups, type JointGroups } from './joint-groups.js';

/**
 * How a joint centre is computed from the pixels (or probability mass) of its classes:
 * - `'ssnan'` — SS-NAN `ComputeCentersLayer`: Σx / (count_nonzero(mass·x) + 1e-6), likewise y. The
 *   count skips column 0 for x and row 0 for y, so denominators are slightly small (the quirk).
 *   On probability maps the denominator is a pixel count, not the mass, exactly as in SS-NAN.
 * - `'caffe'` — caffe_ssl `PoseEvaluate`: the mean pixel position, truncated to an integer.
 * - `'exact'` — the plain centroid Σ mass·(y, x) / Σ mass, no quirk.
 */
export type JointCentreVariant = 'ssnan' | 'caffe' | 'exact';

export const JOINT_CENTRE_VARIANTS: readonly JointCentreVariant[] = Object.freeze(['ssnan', 'caffe', 'exact']);

/** Joint centres of a batch. Dispose with `tf.dispose(jointCentres)`. */
export interface JointCentres {
  /** [batch, joints, 2] float32, (y, x) = (row, column) in pixels of the input grid; (0, 0) when absent. */
  centres: tf.Tensor3D;
  /** [batch, joints] float32: 1 when the joint's classes have any pixel (any mass), else 0. */
  present: tf.Tensor2D;
  /** The variant that produced the centres; renderJointMaps applies its blanking rule. */
  variant: JointCentreVariant;
}

export interface ComputeJointCentresOptions extends LabelOptions {
  /** Class ids per joint. Default LIP_SSL_JOINT_GROUPS (9 joints). */
  groups?: JointGroups;
  /** Default `'ssnan'` (see JointCentreVariant). */
  variant?: JointCentreVariant;
  /** Number of classes of a label map (default 20); class maps use their channel count. */
  numClasses?: number;
  /**
   * caffe only: reproduce PoseEvaluate's batch quirk, whose per-joint pixel lists are never
   * cleared, so image i's centre averages the pixels of images 0..i. Default false (the released
   * config uses batch 1, where it makes no difference).
   */
  accumulateAcrossBatch?: boolean;
}

const LIP_NUM_CLASSES = 20;

/**
 * Centre of each joint (a group of classes) per image: the SSL "joints" derived from a parsing map.
 *
 * `input` is either a label map [batch, height, width] (int32 class ids; ignore labels and the
 * classes of no group contribute nothing) or class maps [batch, height, width, classes]
 * (one-hot or probabilities; the group mass is the sum of its channels). SS-NAN feeds
 * `one_hot(labels)` and `one_hot(argmax(prob))`, which is what a label map gives here.
 *
 * The outputs carry no gradient (as in both references, where the centres come from argmax).
 */
export function computeJointCentres(input: tf.Tensor3D | tf.Tensor4D, options: ComputeJointCentresOptions = {}): JointCentres {
  const fn = 'computeJointCentres';
  const variant = options.variant ?? 'ssnan';
  if (!JOINT_CENTRE_VARIANTS.includes(variant)) {
    throw new SslLossInputError(`${fn}: variant must be one of ${JOINT_CENTRE_VARIANTS.map((v) => `'${v}'`).join(', ')}; got '${String(variant)}'.`);
  }
  const accumulate = options.accumulateAcrossBatch ?? false;
  if (accumulate && variant !== 'caffe') {
    throw new SslLossInputError(`${fn}: accumulateAcrossBatch reproduces a caffe quirk and needs variant 'caffe'; got '${variant}'.`);
  }
  const groups = options.groups ?? LIP_SSL_JOINT_GROUPS;
  const isClassMap = input instanceof tf.Tensor && input.rank === 4;
  let numClasses: number;
  const ignoreLabels = resolveIgnoreLabels(fn, options.ignoreLabels);
  if (isClassMap) {
    requireNhwc(fn, input, 'class maps', 'classes');
    numClasses = input.shape[3]!;
    if (options.numClasses !== undefined && options.numClasses !== numClasses) {
      throw new SslLossInputError(`${fn}: numClasses ${options.numClasses} disagrees with the ${numClasses} channels of the class maps.`);
    }
  } else {
    requireLabels(fn, input, 'labels (or [batch, height, width, classes] class maps)');
    numClasses = options.numClasses ?? LIP_NUM_CLASSES;
    requirePositiveInteger(fn, numClasses, 'numClasses');
    if (options.validateLabels ?? true) requireLabelValues(fn, input, numClasses, ignoreLabels);
  }
  requireJointGroups(fn, groups, numClasses);
  const joints = groups.length;

  return tf.tidy(() => {
    const packed = withoutGradient(input, (x) =>
      tf.tidy(() => {
        const mass = isClassMap
          ? classMapGroupMass(x as tf.Tensor4D, groups)
          : labelGroupMass(labelsAsInt32(x as tf.Tensor3D), groups, numClasses, ignoreLabels);
        return centresFromMass(mass, variant, accumulate);
      }),
    );
    const batch = packed.shape[0]!;
    return {
      centres: tf.slice(packed, [0, 0, 0], [-1, -1, 2]) as tf.Tensor3D,
      present: tf.reshape(tf.slice(packed, [0, 0, 2], [-1, -1, 1]), [batch, joints]) as tf.Tensor2D,
      variant,
    };
  });
}

/** int32 [B, H, W, J]: 1 where the pixel's class belongs to joint j. */
function labelGroupMass(labels: tf.Tensor3D, groups: JointGroups, numClasses: number, ignoreLabels: readonly number[]): tf.Tensor4D {
  const joints = groups.length;
  const lookup = tf.tensor1d(classToJointLookup(groups, numClasses), 'int32');
  const valid = validPixelMask(labels, numClasses, ignoreLabels);
  const classIndex = tf.where(valid, labels, tf.fill(labels.shape, numClasses, 'int32'));
  const joint = tf.gather(lookup, classIndex);
  // "No joint" is −1, whose one-hot row is all zero (on cpu, wasm and tensorflow alike).
  return tf.oneHot(joint as unknown as tf.Tensor3D, joints, 1, 0, 'int32') as tf.Tensor4D;
}

/** float32 [B, H, W, J]: the summed channels of each group. */
function classMapGroupMass(maps: tf.Tensor4D, groups: JointGroups): tf.Tensor4D {
  const [b, h, w, c] = maps.shape;
  const matrix = tf.tensor2d(groupMatrix(groups, c), [c, groups.length]);
  return tf.reshape(tf.matMul(tf.reshape(maps, [b * h * w, c]), matrix), [b, h, w, groups.length]);
}

/**
 * [B, J, 3] = (y, x, present). Sums go column-wise then row-wise; for label maps they stay int32,
 * so they are exact at any image size and the caffe truncation is an exact integer division.
 */
function centresFromMass(mass: tf.Tensor4D, variant: JointCentreVariant, accumulate: boolean): tf.Tensor3D {
  const [, h, w] = mass.shape;
  const integer = mass.dtype === 'int32';
  const dtype = integer ? 'int32' : 'float32';
  const columns = tf.sum(mass, 1); // [B, W, J]
  const rows = tf.sum(mass, 2); // [B, H, J]
  const xs = tf.reshape(tf.range(0, w, 1, dtype), [1, w, 1]);
  const ys = tf.reshape(tf.range(0, h, 1, dtype), [1, h, 1]);
  let sumX: tf.Tensor2D = tf.sum(tf.mul(columns, xs), 1);
  let sumY: tf.Tensor2D = tf.sum(tf.mul(rows, ys), 1);
  let total: tf.Tensor2D = tf.sum(columns, 1);
  if (accumulate) {
    sumX = tf.cumsum(sumX, 0);
    sumY = tf.cumsum(sumY, 0);
    total = tf.cumsum(total, 0);
  }
  const present = tf.greater(total, 0);
  const f = (t: tf.Tensor) => tf.cast(t, 'float32');
  let cy: tf.Tensor;
  let cx: tf.Tensor;
  if (variant === 'ssnan') {
    // count_nonzero(mass·x) counts pixels with mass outside column 0 (mass·y: outside row 0).
    const nonzero = integer ? mass : tf.cast(tf.notEqual(mass, 0), 'float32');
    const nzColumns = integer ? columns : tf.sum(nonzero, 1);
    const nzRows = integer ? rows : tf.sum(nonzero, 2);
    const countX = tf.sub(tf.sum(nzColumns, 1), tf.squeeze(tf.slice(nzColumns, [0, 0, 0], [-1, 1, -1]), [1]));
    const countY = tf.sub(tf.sum(nzRows, 1), tf.squeeze(tf.slice(nzRows, [0, 0, 0], [-1, 1, -1]), [1]));
    cx = tf.div(f(sumX), tf.add(f(countX), 1e-6));
    cy = tf.div(f(sumY), tf.add(f(countY), 1e-6));
  } else if (variant === 'caffe' && integer) {
    const n = tf.maximum(total, tf.scalar(1, 'int32')); // an int32 scalar: a JS number would upcast to float32
    cx = f(exactFloorDivide(sumX, n));
    cy = f(exactFloorDivide(sumY, n));
  } else {
    const n = tf.where(present, f(total), tf.onesLike(f(total)));
    cx = tf.where(present, tf.div(f(sumX), n), tf.zerosLike(n));
    cy = tf.where(present, tf.div(f(sumY), n), tf.zerosLike(n));
    if (variant === 'caffe') {
      cx = tf.floor(cx);
      cy = tf.floor(cy);
    }
  }
  return tf.stack([cy, cx, f(present)], -1) as tf.Tensor3D;
}

/**
 * floor(a / b) for int32 a >= 0, b >= 1, exact for any int32 (wasm's FloorDiv goes through
 * float32 and is wrong above 2^24): a float estimate, then one integer correction step.
 */
function exactFloorDivide(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const estimate = tf.cast(tf.floor(tf.div(tf.cast(a, 'float32'), tf.cast(b, 'float32'))), 'int32');
  const remainder = tf.sub(a, tf.mul(estimate, b));
  return tf.add(estimate, tf.sub(tf.cast(tf.greaterEqual(remainder, b), 'int32'), tf.cast(tf.less(remainder, 0), 'int32')));
}
