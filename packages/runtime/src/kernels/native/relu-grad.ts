import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { float32Attrs, type NativeBackend } from './native-backend.js';

/** dy where x > 0, else 0, in one kernel; inputs {dy, x}. tfjs' gradient takes five (Step is four ops on tensorflow). */
export const ReluGrad = 'LipReluGrad';

export const nativeReluGradKernel: KernelConfig = {
  kernelName: ReluGrad,
  backendName: 'tensorflow',
  kernelFunc: ({ inputs, backend }) => {
    const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
    const native = backend as unknown as NativeBackend;
    return native.executeSingleOutput('ReluGrad', float32Attrs(native, ['T'], {}), [dy, x]);
  },
};
