import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';

/** A wasm kernel's name and what wraps it: the wrapper takes the calls it does better and passes the rest on. */
export type WasmKernelWrapper = readonly [kernelName: string, wrap: (original: KernelConfig) => KernelConfig];

const wrappers = new WeakSet<object>();

/**
 * Wraps each of wasm's own kernels once wasm has registered it (before, it does nothing, so wasm does not warn
 * about a duplicate when it loads later). Idempotent: a kernel already wrapped is left alone.
 */
export function wrapWasmKernels(list: readonly WasmKernelWrapper[]): void {
  for (const [kernelName, wrap] of list) {
    const existing = getKernel(kernelName, 'wasm');
    if (existing == null || wrappers.has(existing.kernelFunc)) continue;
    const wrapper = wrap(existing);
    wrappers.add(wrapper.kernelFunc);
    unregisterKernel(kernelName, 'wasm');
    registerKernel(wrapper);
  }
}
