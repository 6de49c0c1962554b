import * as tf from '@tensorflow/tfjs-core';

/**
 * Multi-threaded wasm in Node.
 *
 * tfjs-backend-wasm ships a threaded build: XNNPACK on a pthread pool of emscripten workers, whose glue
 * supports Node's worker_threads. Three things keep Node on the single-threaded build:
 * 1. its feature flag `WASM_HAS_MULTITHREAD_SUPPORT` answers false whenever `IS_NODE`;
 * 2. it hands the pthread worker script to emscripten as a Blob URL, which worker_threads cannot start;
 * 3. it sizes the pool at half the logical cores, assuming two hyper-threads per core. That is one thread on
 *    a 2-core machine.
 * `prepareWasmThreads` sets the flag, writes the worker script to a file, and reports 2 × threads cores to
 * the module's initialisation. The function it returns undoes the patches and unrefs the pool's workers. Without
 * that, the idle pthreads would keep the process alive.
 */

const THREADED_GLUE = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
const THREADED_WORKER = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';

interface NodeRequire {
  (id: 'node:fs'): typeof import('node:fs');
  (id: 'node:os'): typeof import('node:os');
  (id: 'node:path'): typeof import('node:path');
  (id: string): unknown;
  resolve(id: string): string;
}
interface WasmModule { PThread?: { runningWorkers: Array<{ unref(): void }>; unusedWorkers: Array<{ unref(): void }> } }

/** The number of wasm threads to use in Node: `LIP_WASM_THREADS`, else every available core. */
export async function defaultWasmThreads(): Promise<number> {
  const fromEnv = process.env['LIP_WASM_THREADS'];
  if (fromEnv != null && fromEnv !== '') {
    const n = Number(fromEnv);
    if (!Number.isInteger(n) || n < 1) throw new Error(`@lip/runtime: LIP_WASM_THREADS must be a positive integer, got '${fromEnv}'`);
    return n;
  }
  return (await nodeRequire())('node:os').availableParallelism();
}

/**
 * Call after importing tfjs-backend-wasm and before its first `setBackend('wasm')`. Returns the function
 * that must run once the backend is ready (or has failed).
 */
export async function prepareWasmThreads(wasmPackage: { setThreadsCount(n: number): void }, threads: number): Promise<(backend?: unknown) => void> {
  const require = await nodeRequire();
  // The CommonJS module object, which the emscripten glue's require('os') also gets (an ES namespace is frozen).
  const os = require('node:os');
  const workerFile = writeWorkerScript(require);

  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasmPackage.setThreadsCount(threads);
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  // tfjs makes exactly one 'application/javascript' Blob URL: the pthread worker's.
  URL.createObjectURL = (blob: Blob) => (blob?.type === 'application/javascript' ? workerFile : createObjectURL(blob));
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]!);

  return (backend?: unknown) => {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
    const pthreads = (backend as { wasm?: WasmModule } | undefined)?.wasm?.PThread;
    for (const worker of [...(pthreads?.runningWorkers ?? []), ...(pthreads?.unusedWorkers ?? [])]) worker.unref();
  };
}

/**
 * tfjs' worker script as a file worker_threads can start. Its `importScripts` of the main script (a Blob
 * in tfjs) becomes a `require` of the same glue from the package. Written once per content, atomically.
 */
function writeWorkerScript(require: NodeRequire): string {
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const glue = require.resolve(THREADED_GLUE);
  const { wasmWorkerContents } = require(THREADED_WORKER) as { wasmWorkerContents: string };
  // tfjs escapes the newlines inside the script's string literals before making its Blob; so do we.
  const script = `${wasmWorkerContents.replace(/\n/g, '\\n')}\n;global.importScripts = function () { global.WasmBackendModuleThreadedSimd = require(${JSON.stringify(glue)}); };\n`;
  let hash = 0;
  for (let i = 0; i < script.length; i++) hash = (Math.imul(hash, 31) + script.charCodeAt(i)) | 0;
  const file = path.join(os.tmpdir(), `lip-tfjs-wasm-pthread-${(hash >>> 0).toString(16)}.cjs`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, script);
    fs.renameSync(partial, file);
  }
  return file;
}

/** A `require` next to this module. The variable specifier keeps bundlers from resolving node:module in browser builds. */
async function nodeRequire(): Promise<NodeRequire> {
  const specifier = 'node:module';
  const { createRequire } = (await import(/* @vite-ignore */ specifier)) as typeof import('node:module');
  return createRequire(import.meta.url) as NodeRequire;
}
