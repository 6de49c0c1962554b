import * as tf from '@tensorflow/tfjs-core';
import { registerWasmInferenceKernels } from './register-wasm-inference-kernels.js';
import { prepareWinograd, type WasmBackendInternals } from './winograd/winograd-module.js';

/**
 * What `useBackend('wasm')` does for speed, for apps that select wasm themselves (a browser page:
 * `await tf.setBackend('wasm')`, then this): installs the wasm inference kernels (XNNPACK FusedBatchNorm, the
 * Winograd 3×3 convolution) and prepares the Winograd module on the active wasm backend. Idempotent; an error if
 * wasm is not the active backend. (Threads are tfjs' own choice in a browser: `setThreadsCount` of
 * tfjs-backend-wasm, before the backend initialises, on a cross-origin-isolated page.)
 */
export async function prepareWasmBackend(): Promise<void> {
  if (tf.getBackend() !== 'wasm') throw new Error(`@lip/runtime: prepareWasmBackend needs the wasm backend active, not '${tf.getBackend()}'`);
  registerWasmInferenceKernels();
  await prepareWinograd(tf.backend() as unknown as WasmBackendInternals);
}
