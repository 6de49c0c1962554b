import { AvgPoolGrad, getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { avgPoolGradConfig } from './AvgPoolGrad.js';
import { wrapWasmKernels, type WasmKernelWrapper } from './wrap-wasm-kernels.js';
import { atrousConv2DBackpropFilterConfig, conv2DBackpropFilterConfig } from './Conv2DBackpropFilter.js';
import { atrousConv2DBackpropInputConfig, conv2DBackpropInputConfig } from './Conv2DBackpropInput.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './DepthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './DepthwiseConv2dNativeBackpropInput.js';

/**
 * Training kernels tfjs-backend-wasm lacks, the dilation-aware backprops the atrous conv uses
 * when a backend has them, and a replacement for wasm's Conv2DBackpropInput (a slow direct loop).
 * (The FusedBatchNorm replacement serves inference too: `useBackend('wasm')` installs it, see
 * register-wasm-inference-kernels.ts.)
 */
export const wasmTrainingKernels: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  atrousConv2DBackpropFilterConfig,
  atrousConv2DBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/**
 * Wrappers around wasm's own training kernels: they take the calls they do better and pass the rest on. (The
 * Winograd Conv2D / FusedConv2D wrappers are inference kernels: `useBackend('wasm')` installs them.)
 */
const wasmKernelWrappers: readonly WasmKernelWrapper[] = [
  [AvgPoolGrad, avgPoolGradConfig],
];

/**
 * Registers the kernels in the global (cross-instance) tfjs kernel registry, which is keyed by
 * backend name, so this works before tfjs-backend-wasm is imported. Idempotent. Kernels wasm
 * ships itself are replaced or wrapped only once wasm has registered them (so it does not warn about
 * a duplicate when it loads later); once `@lip/runtime/training` is loaded, `useBackend('wasm')` calls this
 * again after loading wasm. Importing `@lip/runtime/training` (or `registerTrainingKernels()`) calls it.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of wasmTrainingKernels) {
    const existing = getKernel(config.kernelName, config.backendName);
    if (existing?.kernelFunc === config.kernelFunc) continue;
    if (existing != null) unregisterKernel(config.kernelName, config.backendName);
    else if (WASM_OWN_KERNELS.has(config.kernelName)) continue;
    registerKernel(config);
  }
  wrapWasmKernels(wasmKernelWrappers);
}

const WASM_OWN_KERNELS = new Set([conv2DBackpropInputConfig.kernelName]);
