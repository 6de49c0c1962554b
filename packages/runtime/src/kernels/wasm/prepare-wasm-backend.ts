import * as tf from '@tensorflow/tfjs-core';
import { registerWasmInferenceKernels } from './register-wasm-inference-kernels.js';
import { prepareWinograd, type WasmBackendInternals } from './winograd/winograd-module.js';

export interface PrepareWasmBackendOptions {
  /**
   * XNNPACK threads, when this call is the one that initialises wasm. Default: every logical core
   * (`navigator.hardwareConcurrency`). Threads need the threaded build, i.e. a cross-origin-isolated page
   * (COOP/COEP headers); elsewhere tfjs runs one thread whatever this says.
   */
  readonly threads?: number;
}

/**
 * What `useBackend('wasm')` does for speed, for apps that select wasm themselves (a browser page, after
 * `setWasmPaths`): makes wasm the active backend, initialising it if no one has, and installs the wasm inference
 * kernels (XNNPACK FusedBatchNorm, the Winograd 3×3 convolution). Idempotent.
 *
 * Threads: tfjs sizes XNNPACK's pool at half of `navigator.hardwareConcurrency` (it assumes two hyper-threads per
 * core), one thread on a 2-core machine, and `setThreadsCount` cannot go above that. When this call initialises
 * wasm, it reports `2 × threads` logical cores to the module while it starts, so the pool gets `threads`.
 * In Node, select wasm with `useBackend('wasm')`, which does all of this.
 */
export async function prepareWasmBackend(options: PrepareWasmBackendOptions = {}): Promise<void> {
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new RangeError(`@lip/runtime: prepareWasmBackend threads must be a positive integer, got ${options.threads}`);
  }
  if (!('wasm' in tf.engine().registry)) await initialiseWasm(options.threads);
  else if (tf.getBackend() !== 'wasm' && !(await tf.setBackend('wasm'))) throw new Error("@lip/runtime: tf.setBackend('wasm') failed");
  registerWasmInferenceKernels();
  await prepareWinograd(tf.backend() as unknown as WasmBackendInternals);
}

/** The part of the browser's `navigator` used here (the package is built without the DOM types). */
interface PageNavigator {
  hardwareConcurrency?: number;
}

async function initialiseWasm(threads: number | undefined): Promise<void> {
  const navigator = (globalThis as { navigator?: PageNavigator }).navigator;
  if (navigator == null || (typeof process !== 'undefined' && process.versions?.node != null)) {
    throw new Error("@lip/runtime: in Node, select wasm with useBackend('wasm') (it sets up threads and these kernels)");
  }
  if (tf.engine().registryFactory['wasm'] == null) {
    throw new Error("@lip/runtime: prepareWasmBackend needs the wasm backend registered: import '@tensorflow/tfjs-backend-wasm' first");
  }
  const cores = 2 * (threads ?? navigator.hardwareConcurrency ?? 1);
  // An own property shadows Navigator.prototype's getter for as long as the module starts; deleting it restores it.
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => cores });
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error("@lip/runtime: tf.setBackend('wasm') failed (see the console)");
    await tf.ready();
  } finally {
    delete navigator.hardwareConcurrency;
  }
}
