import type { TensorInfo } from '@tensorflow/tfjs-core';
import { WINOGRAD_WASM_PLAIN, WINOGRAD_WASM_SHARED } from './winograd-wasm.js';

/** The WebAssembly API this file uses (the package compiles without the DOM library, which declares it). */
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
  Table: new (descriptor: { initial: number; element: 'anyfunc' }) => object;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

interface LinearMemory {
  readonly buffer: ArrayBufferLike;
}

/** The parts of tfjs-backend-wasm's BackendWasm the Winograd kernel reads: its Emscripten module and tensor offsets. */
export interface WasmBackendInternals {
  wasm: { _malloc(bytes: number): number; wasmMemory?: LinearMemory; asm?: { memory?: LinearMemory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

interface WinogradExports {
  winograd_tiles(outH: number, outW: number, dh: number, dw: number): number;
  winograd_input(x: number, n: number, h: number, w: number, c: number, outH: number, outW: number, dh: number, dw: number, padTop: number, padLeft: number, v: number): void;
  winograd_filter(w: number, ci: number, co: number, u: number): void;
  winograd_output(m: number, n: number, outH: number, outW: number, c: number, dh: number, dw: number, bias: number, relu: number, y: number): void;
}

/** winograd.c instantiated on one tfjs-wasm heap, with the 36-pointer table its functions take. */
export interface WinogradModule {
  readonly fns: WinogradExports;
  /** Writes the memory offsets of 36 tensors to the pointer table and returns the table's offset. */
  pointerTable(tensors: readonly TensorInfo[]): number;
  offset(t: TensorInfo): number;
}

const modules = new WeakMap<object, WinogradModule>();

/** The module instantiated on this backend's heap by `prepareWinograd`, or null (then the kernels fall back to tfjs-wasm's own convolution). */
export function winogradModuleFor(backend: WasmBackendInternals): WinogradModule | null {
  return modules.get(backend.wasm) ?? null;
}

/**
 * Compiles winograd.c and instantiates it on the wasm backend's own linear memory (shared when tfjs-wasm runs
 * its threaded build), with its pointer table malloc'd from tfjs-wasm's heap. The module has no data and no
 * stack (a test checks its imports), so it writes only where it is pointed. Asynchronous because
 * browsers refuse to compile modules of this size synchronously on the main thread. Idempotent.
 */
export async function prepareWinograd(backend: WasmBackendInternals): Promise<void> {
  if (modules.has(backend.wasm)) return;
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (memory == null) throw new Error('@lip/runtime: tfjs-backend-wasm exposes no linear memory (unknown tfjs-backend-wasm build)');
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = base64Bytes(shared ? WINOGRAD_WASM_SHARED : WINOGRAD_WASM_PLAIN);
  const table = backend.wasm._malloc(36 * 4);
  const { instance } = await webAssembly.instantiate(bytes, {
    env: {
      memory,
      __indirect_function_table: new webAssembly.Table({ initial: 0, element: 'anyfunc' }),
      __memory_base: 0,
      __table_base: 0,
    },
  });
  const offset = (t: TensorInfo) => backend.dataIdMap.get(t.dataId)!.memoryOffset;
  modules.set(backend.wasm, {
    fns: instance.exports as unknown as WinogradExports,
    offset,
    pointerTable(tensors) {
      const view = new Uint32Array(memory.buffer, table, 36);
      tensors.forEach((t, k) => { view[k] = offset(t); });
      return table;
    },
  });
}

/** Sends this backend's convolutions back to tfjs-wasm's own kernels (the module's heap blocks stay allocated). */
export function forgetWinograd(backend: WasmBackendInternals): void {
  modules.delete(backend.wasm);
}

function base64Bytes(base64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(base64, 'base64'));
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
