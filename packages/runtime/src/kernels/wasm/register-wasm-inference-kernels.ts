import { Conv2D, FusedConv2D, getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { fusedBatchNormConfig } from './FusedBatchNorm.js';
import { wrapWasmKernels, type WasmKernelWrapper } from './wrap-wasm-kernels.js';
import { winogradConv2DConfig, winogradFusedConv2DConfig } from './winograd/winograd-conv2d.js';

/** Replacements for wasm's own inference kernels: FusedBatchNorm (a scalar loop there, 7× slower). */
const wasmInferenceKernels: readonly KernelConfig[] = [fusedBatchNormConfig];

/** Wrappers around wasm's own inference kernels: they take the calls they do better and pass the rest on. */
const wasmInferenceWrappers: readonly WasmKernelWrapper[] = [
  [Conv2D, winogradConv2DConfig],
  [FusedConv2D, winogradFusedConv2DConfig],
];

/**
 * Replaces tfjs-backend-wasm's FusedBatchNorm with one on XNNPACK's broadcasting kernels, and wraps its Conv2D
 * and FusedConv2D with the Winograd 3×3 path, once wasm has registered them (before, it does nothing).
 * Idempotent. `useBackend('wasm')` calls it after loading wasm (nothing does at import time); call it yourself
 * if you select wasm without `useBackend`. The wrappers pass every call through to wasm's own kernel unless
 * `useBackend` has prepared the Winograd module for the backend.
 */
export function registerWasmInferenceKernels(): void {
  for (const config of wasmInferenceKernels) {
    const existing = getKernel(config.kernelName, config.backendName);
    if (existing == null || existing.kernelFunc === config.kernelFunc) continue;
    unregisterKernel(config.kernelName, config.backendName);
    registerKernel(config);
  }
  wrapWasmKernels(wasmInferenceWrappers);
}
