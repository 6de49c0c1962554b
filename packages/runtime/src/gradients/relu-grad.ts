import * as tf from '@tensorflow/tfjs-core';
import { ReluGrad } from '../kernels/native/relu-grad.js';

/** tfjs' ReLU gradient, dy·step(x), as one ReluGrad kernel where the backend has it (tensorflow). */
export const reluGradConfig: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const dyTensor = dy as tf.Tensor;
    if (x.dtype === 'float32' && tf.getKernel(ReluGrad, tf.getBackend()) != null) {
      return { x: () => tf.engine().runKernel(ReluGrad, { dy: dyTensor, x }) as tf.Tensor };
    }
    return { x: () => tf.mul(dyTensor, tf.cast(tf.step(x), 'float32')) };
  },
};
