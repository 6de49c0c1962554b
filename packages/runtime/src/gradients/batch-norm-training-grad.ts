import * as tf from '@tensorflow/tfjs-core';
import { BatchNormTraining, BatchNormTrainingGrad } from '../kernels/batch-norm-training/kernel-names.js';

/** One BatchNormTrainingGrad kernel for x, scale and offset; the mean and variance outputs are constants to it. */
export const batchNormTrainingGradConfig: tf.GradConfig = {
  kernelName: BatchNormTraining,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const dy = Array.isArray(dys) ? dys[0]! : dys;
    const [x, scale, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const [dx, dScale, dOffset] = tf.engine().runKernel(BatchNormTrainingGrad, { dy, x, scale, mean, variance }, attrs as tf.NamedAttrMap) as tf.Tensor[];
    return { x: () => dx!, scale: () => dScale!, offset: () => dOffset! };
  },
};
