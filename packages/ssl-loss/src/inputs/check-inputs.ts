import * as tf from '@tensorflow/tfjs-core';
import { SslLossInputError } from '../ssl-loss-input-error.js';
import { DEFAULT_IGNORE_LABELS } from './ignore-labels.js';

const shapeOf = (t: tf.Tensor) => `[${t.shape.join(', ')}]`;

function requireTensor(fn: string, t: unknown, name: string): asserts t is tf.Tensor {
  if (!(t instanceof tf.Tensor)) throw new SslLossInputError(`${fn}: ${name} must be a tf.Tensor; got ${t === null ? 'null' : typeof t}.`);
  if (t.isDisposed) throw new SslLossInputError(`${fn}: ${name} has been disposed.`);
}

/** Labels are [batch, height, width] class ids, int32 (or float32 holding integers). */
export function requireLabels(fn: string, labels: unknown, name = 'labels'): asserts labels is tf.Tensor3D {
  requireTensor(fn, labels, name);
  if (labels.rank !== 3) {
    const hint = labels.rank === 4 && labels.shape[3] === 1 ? ' (squeeze the channel axis: tf.squeeze(labels, [3]))' : '';
    throw new SslLossInputError(`${fn}: ${name} must be [batch, height, width] class ids; got shape ${shapeOf(labels)}${hint}.`);
  }
  if (labels.dtype !== 'int32' && labels.dtype !== 'float32') {
    throw new SslLossInputError(`${fn}: ${name} must be int32 (or float32 integer) class ids; got dtype ${labels.dtype}.`);
  }
}

/** Per-pixel maps are NHWC float32: [batch, height, width, channels]. */
export function requireNhwc(fn: string, t: unknown, name: string, channels: string): asserts t is tf.Tensor4D {
  requireTensor(fn, t, name);
  if (t.rank !== 4) throw new SslLossInputError(`${fn}: ${name} must be NHWC [batch, height, width, ${channels}]; got shape ${shapeOf(t)}.`);
  if (t.dtype !== 'float32') throw new SslLossInputError(`${fn}: ${name} must be float32; got dtype ${t.dtype}.`);
  if (t.shape.some((d) => d === 0)) throw new SslLossInputError(`${fn}: ${name} is empty (shape ${shapeOf(t)}).`);
}

/** The batch and spatial sizes of a label map and a per-pixel map agree. */
export function requireSameGrid(fn: string, labels: tf.Tensor3D, maps: tf.Tensor4D, mapsName: string, labelsName = 'labels'): void {
  const [b, h, w] = labels.shape;
  if (maps.shape[0] !== b || maps.shape[1] !== h || maps.shape[2] !== w) {
    throw new SslLossInputError(
      `${fn}: ${labelsName} ${shapeOf(labels)} and ${mapsName} ${shapeOf(maps)} must share [batch, height, width]; ` +
        'resize the labels with resizeLabelsNearest (or the scores) first.',
    );
  }
}

/** Two tensors have exactly the same shape. */
export function requireSameShape(fn: string, a: tf.Tensor, aName: string, b: tf.Tensor, bName: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new SslLossInputError(`${fn}: ${aName} ${shapeOf(a)} and ${bName} ${shapeOf(b)} must have the same shape.`);
  }
}

export function resolveIgnoreLabels(fn: string, ignoreLabels: readonly number[] | undefined): readonly number[] {
  const list = ignoreLabels ?? DEFAULT_IGNORE_LABELS;
  for (const v of list) {
    if (!Number.isInteger(v)) throw new SslLossInputError(`${fn}: ignoreLabels must be integers; got ${String(v)}.`);
  }
  return list;
}

/** Boolean [batch, height, width]: class id in 0..numClasses-1 and not an ignore label. */
export function validPixelMask(labels: tf.Tensor3D, numClasses: number, ignoreLabels: readonly number[]): tf.Tensor3D {
  return tf.tidy(() => {
    let valid = tf.logicalAnd(tf.greaterEqual(labels, 0), tf.less(labels, numClasses));
    for (const v of ignoreLabels) {
      if (v >= 0 && v < numClasses) valid = tf.logicalAnd(valid, tf.notEqual(labels, v));
    }
    return valid as tf.Tensor3D;
  });
}

/**
 * Throws when a label is neither a class id in 0..numClasses-1 nor an ignore label (or, for
 * float32 labels, not an integer). One synchronous read of two numbers.
 */
export function requireLabelValues(fn: string, labels: tf.Tensor3D, numClasses: number, ignoreLabels: readonly number[], name = 'labels'): void {
  const summary = tf.tidy(() => {
    let allowed = tf.logicalAnd(tf.greaterEqual(labels, 0), tf.less(labels, numClasses));
    for (const v of ignoreLabels) allowed = tf.logicalOr(allowed, tf.equal(labels, v));
    if (labels.dtype === 'float32') allowed = tf.logicalAnd(allowed, tf.equal(labels, tf.floor(labels)));
    const bad = tf.logicalNot(allowed);
    const asFloat = tf.cast(labels, 'float32');
    return tf.stack([tf.sum(tf.cast(bad, 'float32')), tf.max(tf.where(bad, asFloat, tf.fill(labels.shape, -Infinity)))]);
  });
  const [count = 0, example = 0] = summary.dataSync();
  summary.dispose();
  if (count > 0) {
    throw new SslLossInputError(
      `${fn}: ${name} must hold class ids 0..${numClasses - 1} or the ignore labels ${ignoreLabels.join('/')}; ` +
        `found ${count} other value${count === 1 ? '' : 's'} (e.g. ${example}).`,
    );
  }
}

/** int32 view of validated labels (float32 integer labels are cast). */
export function labelsAsInt32(labels: tf.Tensor3D): tf.Tensor3D {
  return labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
}

export function requirePositiveInteger(fn: string, value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) throw new SslLossInputError(`${fn}: ${name} must be a positive integer; got ${String(value)}.`);
}

export function requirePositiveNumber(fn: string, value: number, name: string): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new SslLossInputError(`${fn}: ${name} must be a positive finite number; got ${String(value)}.`);
  }
}
