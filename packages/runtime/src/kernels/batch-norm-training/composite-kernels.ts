import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { KernelCalls } from '../kernel-calls.js';
import { BatchNormTraining, BatchNormTrainingGrad, type BatchNormTrainingAttrs } from './kernel-names.js';

/**
 * The training-mode batch norm and its gradient out of a backend's own kernels (no tape, no engine bookkeeping),
 * with x viewed as [R, C].
 */
function withRows<T>(backendName: string, backend: KernelBackend, x: TensorInfo, body: (calls: KernelCalls, rows: number, channels: number) => T): T {
  const channels = x.shape[x.shape.length - 1]!;
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  const calls = new KernelCalls(backend, backendName);
  try {
    return body(calls, rows, channels);
  } finally {
    calls.dispose();
  }
}

/**
 * Σ over the rows of a [R, C] tensor, as [C]: a 2-D transpose, then a sum along the contiguous axis. On wasm
 * that is 2× faster than Sum over the leading axes of the 4-D tensor (which permutes it the slow way), and 10×
 * faster than a product with a row of ones (XNNPACK repacks its right operand on every call).
 */
function sumRows(calls: KernelCalls, x: TensorInfo): TensorInfo {
  const transposed = calls.transpose(x, [1, 0]);
  const sums = calls.run('Sum', { x: transposed }, { axis: [1], keepDims: false });
  calls.release(transposed);
  return sums;
}

function forward(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, scale, offset } = inputs as { x: TensorInfo; scale: TensorInfo; offset: TensorInfo };
    const { varianceEpsilon } = attrs as unknown as BatchNormTrainingAttrs;
    return withRows(backendName, backend as KernelBackend, x, (calls, rows, channels) => {
      const perRow = calls.scalar(1 / rows);
      const x2 = calls.reshape(x, [rows, channels]);
      const mean = calls.run('Multiply', { a: sumRows(calls, x2), b: perRow });
      const centred = calls.run('Sub', { a: x2, b: mean });
      const variance = calls.run('Multiply', { a: sumRows(calls, calls.run('Square', { x: centred })), b: perRow });
      const s = calls.run('Multiply', { a: calls.run('Rsqrt', { x: calls.run('Add', { a: variance, b: calls.scalar(varianceEpsilon) }) }), b: scale });
      const y = calls.reshape(calls.run('Add', { a: calls.run('Multiply', { a: centred, b: s }), b: offset }), x.shape);
      return [calls.keep(y), calls.keep(mean), calls.keep(variance)];
    });
  };
}

/**
 * With x̂ = (x − mean)·r, r = 1/√(variance + ε), over R rows:
 * dOffset = Σ dy, dScale = Σ dy·x̂, dx = scale·r·(dy − dOffset/R − x̂·dScale/R).
 */
function gradient(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, x, scale, mean, variance } = inputs as { dy: TensorInfo; x: TensorInfo; scale: TensorInfo; mean: TensorInfo; variance: TensorInfo };
    const { varianceEpsilon } = attrs as unknown as BatchNormTrainingAttrs;
    return withRows(backendName, backend as KernelBackend, x, (calls, rows, channels) => {
      const perRow = calls.scalar(1 / rows);
      const dy2 = calls.reshape(dy, [rows, channels]);
      const r = calls.run('Rsqrt', { x: calls.run('Add', { a: variance, b: calls.scalar(varianceEpsilon) }) });
      const centred = calls.run('Sub', { a: calls.reshape(x, [rows, channels]), b: mean });
      const dOffset = sumRows(calls, dy2);
      const dScale = calls.run('Multiply', { a: sumRows(calls, calls.run('Multiply', { a: dy2, b: centred })), b: r });
      // dx = k·dy − centred·(k·r·dScale/R) − k·dOffset/R, with k = scale·r.
      const k = calls.run('Multiply', { a: scale, b: r });
      const centredCoefficient = calls.run('Multiply', { a: calls.run('Multiply', { a: k, b: calls.run('Multiply', { a: r, b: dScale }) }), b: perRow });
      const constant = calls.run('Multiply', { a: calls.run('Multiply', { a: k, b: dOffset }), b: perRow });
      const dx = calls.run('Sub', {
        a: calls.run('Sub', { a: calls.run('Multiply', { a: dy2, b: k }), b: calls.run('Multiply', { a: centred, b: centredCoefficient }) }),
        b: constant,
      });
      return [calls.keep(calls.reshape(dx, x.shape)), calls.keep(dScale), calls.keep(dOffset)];
    });
  };
}

/** For the backends whose kernels are JavaScript or wasm (tensorflow has native ones, see ../native). */
export const compositeBatchNormTrainingKernels: readonly KernelConfig[] = ['cpu', 'wasm'].flatMap((backendName) => [
  { kernelName: BatchNormTraining, backendName, kernelFunc: forward(backendName) },
  { kernelName: BatchNormTrainingGrad, backendName, kernelFunc: gradient(backendName) },
]);
