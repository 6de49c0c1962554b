import * as tf from '@tensorflow/tfjs-core';
import { batchNormTrainingAvailable } from '../kernels/batch-norm-training/available.js';
import { BatchNormTraining } from '../kernels/batch-norm-training/kernel-names.js';
import { BatchNormalization, type BatchNormalizationLayer } from './batch-normalization-class.js';

type Call = BatchNormalizationLayer['call'];
const FUSED = Symbol('@lip/runtime fused batch norm training');

/**
 * Makes tfjs-layers' BatchNormalization run its training-mode calls as one BatchNormTraining kernel (and one
 * gradient kernel) where the backend has it, instead of moments + batchNorm and ~60 autodiff kernels per layer.
 * Same semantics as tfjs-layers and Keras: normalise with the batch's mean and biased variance, then
 * moving ← moving − (moving − batch)·(1 − momentum). Inference calls, non-last axes, layers without gamma or
 * beta, and backends without the kernel (or tfjs-node on a GPU) keep tfjs-layers' own call. Patches the class
 * once (idempotent), so it covers every model, loaded ones included.
 */
export function installFusedBatchNormTraining(): void {
  const prototype = BatchNormalization.prototype;
  const original = prototype.call as Call & { [FUSED]?: true };
  if (original[FUSED]) return;
  const fused = function (this: BatchNormalizationLayer, inputs, kwargs) {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : null) : inputs;
    if (!kwargs?.['training'] || x == null || !canFuse(this, x)) return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel(
        BatchNormTraining, { x, scale: this.gamma!.read(), offset: this.beta!.read() }, { varianceEpsilon: this.epsilon }) as tf.Tensor[];
      moveAverage(this.movingMean, mean!, this.momentum);
      moveAverage(this.movingVariance, variance!, this.momentum);
      return y!;
    });
  } as Call & { [FUSED]?: true };
  fused[FUSED] = true;
  prototype.call = fused;
}

function canFuse(layer: BatchNormalizationLayer, x: tf.Tensor): boolean {
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + x.rank;
  return axis === x.rank - 1 && x.dtype === 'float32' && layer.gamma != null && layer.beta != null
    && batchNormTrainingAvailable();
}

function moveAverage(variable: BatchNormalizationLayer['movingMean'], batchValue: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const current = variable.read();
    variable.write(tf.sub(current, tf.mul(tf.sub(current, batchValue), 1 - momentum)));
  });
}
