import { backend, getBackend, getKernel } from '@tensorflow/tfjs-core';
import { BatchNormTraining } from './kernel-names.js';

/**
 * Whether the active backend can run BatchNormTraining: it has the kernel and, for tfjs-node(-gpu), computes on
 * a CPU. TensorFlow's GPU kernels keep cuDNN's inverse variance where the CPU ones keep the variance (see
 * ../native/batch-norm-training.ts), and no GPU was at hand to test that contract.
 */
export function batchNormTrainingAvailable(): boolean {
  if (getKernel(BatchNormTraining, getBackend()) == null) return false;
  return (backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice !== true;
}
