import * as tf from '@tensorflow/tfjs-core';
import { registerWasmInferenceKernels } from '../kernels/wasm/register-wasm-inference-kernels.js';
import { forgetWinograd, prepareWinograd, winogradModuleFor, type WasmBackendInternals } from '../kernels/wasm/winograd/winograd-module.js';
import { runBackendLoadHooks } from './backend-load-hooks.js';
import { defaultWasmThreads, prepareWasmThreads } from './wasm-threads.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu' | 'webgl' | 'webgpu';
export type BackendRequest = 'auto' | BackendName;

/** One way of getting a backend: the npm package that provides it and the tfjs backend name. */
interface Candidate {
  label: string;
  packageName: string;
  backend: BackendName;
}

const CANDIDATES: readonly Candidate[] = [
  { label: 'tensorflow (GPU)', packageName: '@tensorflow/tfjs-node-gpu', backend: 'tensorflow' },
  { label: 'tensorflow', packageName: '@tensorflow/tfjs-node', backend: 'tensorflow' },
  { label: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', backend: 'wasm' },
  { label: 'cpu', packageName: '@tensorflow/tfjs-backend-cpu', backend: 'cpu' },
  // Only when asked for by name (never by 'auto'): they need a GPU context, which Node has only with extra setup
  // (headless-gl for webgl, a WebGPU implementation for webgpu). In a browser the app selects its backend itself.
  { label: 'webgl', packageName: '@tensorflow/tfjs-backend-webgl', backend: 'webgl' },
  { label: 'webgpu', packageName: '@tensorflow/tfjs-backend-webgpu', backend: 'webgpu' },
];
const AUTO_BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export interface BackendChoice {
  /** The tfjs backend now active. */
  backend: BackendName;
  /** The npm package that provided it. */
  packageName: string;
  /** What was asked for (after reading LIP_BACKEND). */
  requested: BackendRequest;
  /** Every candidate tried before the chosen one, with the reason it was not used. */
  rejected: Array<{ candidate: string; packageName: string; reason: string }>;
  /** wasm only: the threads its XNNPACK pool runs on. */
  threads?: number;
  /** wasm only: whether large 3×3 convolutions run by Winograd (see `UseBackendOptions.wasmWinograd`). */
  winograd?: boolean;
}

export interface UseBackendOptions {
  /** Print the choice and the rejected candidates (true: console.log; or a function). */
  log?: boolean | ((message: string) => void);
  /**
   * Threads for the wasm backend in Node: default `LIP_WASM_THREADS`, else every available core; 1 keeps
   * tfjs' single-threaded build. It applies when wasm first initialises in the process. Browsers keep
   * tfjs' own choice.
   */
  wasmThreads?: number;
  /**
   * wasm: run 3×3 stride-1 convolutions with enough channels by Winograd F(4×4, 3×3), 1.75–2.6× faster than
   * XNNPACK's direct convolution at PSPNet's sizes, within ≤ 6e-6 relative of exact (XNNPACK: 5e-7). Default
   * `LIP_WASM_WINOGRAD` (`0`/`false` or `1`/`true`), else true. false restores tfjs-wasm's own kernel exactly.
   */
  wasmWinograd?: boolean;
}

const REQUESTS: readonly BackendRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu', 'webgl', 'webgpu'];

/**
 * Selects and initialises a TensorFlow.js backend. `auto` (the default, or `LIP_BACKEND`)
 * tries tfjs-node-gpu, then tfjs-node, then wasm, then cpu; `webgl` and `webgpu` are tried only when asked for
 * (and their packages installed). An explicit request that cannot be met is an error saying why. Returns what
 * was chosen and why the others were not.
 */
export async function useBackend(request?: BackendRequest, options: UseBackendOptions = {}): Promise<BackendChoice> {
  const wanted = request ?? readBackendEnv();
  if (!REQUESTS.includes(wanted)) {
    throw new Error(`@lip/runtime: unknown backend '${wanted}'; expected one of ${REQUESTS.join(', ')}`);
  }
  const wasmWinograd = options.wasmWinograd ?? readWinogradEnv();
  const candidates = CANDIDATES.filter((c) => (wanted === 'auto' ? AUTO_BACKENDS.includes(c.backend) : c.backend === wanted));
  const rejected: BackendChoice['rejected'] = [];
  for (const candidate of candidates) {
    const reason = await tryCandidate(candidate, { ...options, wasmWinograd });
    if (reason == null) {
      const choice: BackendChoice = { backend: candidate.backend, packageName: candidate.packageName, requested: wanted, rejected };
      if (candidate.backend === 'wasm') {
        choice.threads = wasmThreadsInUse();
        choice.winograd = winogradModuleFor(tf.backend() as unknown as WasmBackendInternals) != null;
      }
      if (options.log) (typeof options.log === 'function' ? options.log : console.log)(describeBackendChoice(choice));
      return choice;
    }
    rejected.push({ candidate: candidate.label, packageName: candidate.packageName, reason });
  }
  const why = rejected.map((r) => `  ${r.candidate} (${r.packageName}): ${r.reason}`).join('\n');
  throw new Error(`@lip/runtime: no usable backend for '${wanted}':\n${why}`);
}

/** A human-readable account of a choice, e.g. for `lip-runtime backends`. */
export function describeBackendChoice(choice: BackendChoice): string {
  const threads = choice.threads == null ? '' : `, ${choice.threads} thread${choice.threads === 1 ? '' : 's'}${choice.winograd ? ', Winograd 3×3' : ''}`;
  const lines = [`backend: ${choice.backend} (${choice.packageName}${threads}), requested '${choice.requested}'`];
  for (const r of choice.rejected) lines.push(`  not ${r.candidate}: ${r.reason}`);
  return lines.join('\n');
}

function readBackendEnv(): BackendRequest {
  const value = typeof process !== 'undefined' ? process.env?.['LIP_BACKEND'] : undefined;
  return (value == null || value === '' ? 'auto' : value.toLowerCase()) as BackendRequest;
}

/** `LIP_WASM_WINOGRAD`: unset or empty means on; anything but 0/1/false/true is an error naming the variable. */
function readWinogradEnv(): boolean {
  const value = typeof process !== 'undefined' ? process.env?.['LIP_WASM_WINOGRAD'] : undefined;
  if (value == null || value === '') return true;
  const flag = { '0': false, false: false, '1': true, true: true }[value.toLowerCase()];
  if (flag == null) throw new Error(`@lip/runtime: LIP_WASM_WINOGRAD must be 0, 1, false or true, got '${value}'`);
  return flag;
}

/** Loads and activates a candidate; returns why it cannot be used, or null on success. */
async function tryCandidate(candidate: Candidate, options: UseBackendOptions): Promise<string | null> {
  let loaded: unknown;
  try {
    loaded = await importPackage(candidate.packageName);
  } catch (error) {
    return explainImportFailure(candidate.packageName, error);
  }
  // Importing tfjs-backend-wasm registers its own kernels: wrap its convolutions with the Winograd path (an
  // inference speed-up, installed here rather than at import). It also registers wasm's own training kernels,
  // and tfjs-node the union package's gradients: once @lip/runtime/training is loaded, its hook puts ours back
  // on top.
  if (candidate.backend === 'wasm') registerWasmInferenceKernels();
  runBackendLoadHooks(candidate.backend);
  if (tf.findBackendFactory(candidate.backend) == null) {
    // tfjs-backend-webgl and -webgpu register themselves only where they find a GPU API (a browser).
    if (candidate.backend === 'webgl' || candidate.backend === 'webgpu') {
      return `${candidate.packageName} registers '${candidate.backend}' only where it finds a ${candidate.backend === 'webgl' ? 'WebGL' : 'WebGPU'} context (a browser, or Node with one set up); here it found none`;
    }
    return `${candidate.packageName} loaded but did not register the '${candidate.backend}' backend (is it a different @tensorflow/tfjs-core instance?)`;
  }
  const finishWasmThreads = candidate.backend === 'wasm' ? await prepareWasmThreadsInNode(loaded, options) : null;
  try {
    if (!(await tf.setBackend(candidate.backend))) return `the '${candidate.backend}' backend failed to initialise`;
    await tf.ready();
    if (candidate.backend === 'wasm') {
      const backend = tf.backend() as unknown as WasmBackendInternals;
      if (options.wasmWinograd === false) forgetWinograd(backend);
      else await prepareWinograd(backend);
    }
  } catch (error) {
    const threads = finishWasmThreads == null ? '' : ' (threaded build; LIP_WASM_THREADS=1 selects the single-threaded one)';
    return `the '${candidate.backend}' backend failed to initialise${threads}: ${(error as Error).message}`;
  } finally {
    finishWasmThreads?.(tf.findBackend('wasm'));
  }
  return null;
}

/** In Node, before wasm's first initialisation: the threaded build on the chosen number of threads (see wasm-threads.ts). */
async function prepareWasmThreadsInNode(loaded: unknown, options: UseBackendOptions): Promise<((backend?: unknown) => void) | null> {
  const isNode = typeof process !== 'undefined' && process.versions?.node != null;
  if (!isNode || tf.findBackend('wasm') != null) return null;
  const threads = options.wasmThreads ?? (await defaultWasmThreads());
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`@lip/runtime: wasmThreads must be a positive integer, got ${threads}`);
  if (threads === 1) return null;
  return prepareWasmThreads(wasmPackageApi(loaded), threads);
}

interface WasmPackageApi {
  setThreadsCount(n: number): void;
}

/** tfjs-backend-wasm's exports, whether the import gave named exports or a CommonJS default. */
function wasmPackageApi(loaded: unknown): WasmPackageApi {
  const named = loaded as Partial<WasmPackageApi> & { default?: WasmPackageApi };
  return typeof named.setThreadsCount === 'function' ? (named as WasmPackageApi) : named.default!;
}

function wasmThreadsInUse(): number {
  const backend = tf.findBackend('wasm') as { wasm?: { tfjs?: { getThreadsCount(): number } } } | null;
  return backend?.wasm?.tfjs?.getThreadsCount() ?? 1;
}

function explainImportFailure(packageName: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Node says "Cannot find module/package 'x'"; bundlers such as Vite say "Could not resolve \"x\"".
  const missing = new RegExp(`(Cannot find (module|package)|Could not resolve) ['"]${packageName}['"]`);
  if (missing.test(message)) return 'not installed';
  if (/tfjs_binding\.node|node-pre-gyp|napi-v\d/.test(message)) {
    return 'installed, but its native addon is not built (run `npx lip-runtime setup-native`)';
  }
  return `failed to load: ${message.split('\n')[0]}`;
}

// A variable specifier keeps bundlers from resolving optional, Node-only backends.
async function importPackage(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name);
}
