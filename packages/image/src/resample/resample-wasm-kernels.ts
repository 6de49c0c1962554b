import { PILLOW_RESAMPLE_WASM } from './pillow-resample-wasm.js';

// The WebAssembly kernels of the SS-NAN training slot (pillow-resample.c, built by
// scripts/build-resample-wasm.sh): Pillow's two bilinear passes on SIMD, bit-identical to the
// JavaScript passes (tests compare them), and scipy's zoom(order=0) gather into a padded slot.

/** The most filter taps the SIMD passes take (downscales to ~0.4); wider filters run in JavaScript. */
export const MAX_SIMD_TAPS = 6;

/** Initial size of each thread's kernel memory, grown on demand (64 KiB pages). */
const INITIAL_PAGES = 64;

/** The parts of the WebAssembly API used here (the package's TypeScript lib has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Table: new (descriptor: { initial: number; element: 'anyfunc' }) => object;
  Global: new (descriptor: { value: 'i32' }, value: number) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

type Kernel = (...args: number[]) => void;

export interface ResampleWasmKernels {
  /** The module's linear memory: callers lay out their buffers in it from address 0 and grow it as needed. */
  readonly memory: WasmMemory;
  /**
   * Horizontal pass, 3-channel rows: `(taps, src, srcRowBytes, rowFirst, rows, outW, starts,
   * weights, dst, dstStride)`, `starts` as byte offsets (start·3); 4-byte loads and stores, so one
   * byte of slack after the image and after each intermediate row.
   */
  horizontal(taps: number, ...args: number[]): void;
  /**
   * Vertical pass to float32 minus the mean: `(taps, src, stride, dst, dstStride, rows, chunks,
   * rowOffsets, weights, means)`, 16 bytes of each row per chunk, `means` three blocks of 16 f64.
   */
  vertical(taps: number, ...args: number[]): void;
  /** Label slot: `(src, rowOffsets, xs, copyW, copyH, lut, slot, size, dstX, dstY, padLabel)`. */
  labelSlot(...args: number[]): void;
}

let kernels: ResampleWasmKernels | null | undefined;
let disabled = false;

/** Turns the WebAssembly kernels off (the JavaScript loops run instead): for tests and comparisons. */
export function setResampleWasmEnabled(enabled: boolean): void {
  disabled = !enabled;
}

/** The compiled kernels (one instance per thread), or null where WebAssembly SIMD is unavailable. */
export function resampleWasmKernels(): ResampleWasmKernels | null {
  if (disabled) return null;
  if (kernels !== undefined) return kernels;
  kernels = null;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return kernels;
  const bytes = base64Bytes(PILLOW_RESAMPLE_WASM);
  let exports: Record<string, unknown>;
  let memory: WasmMemory;
  try {
    if (!wasm.validate(bytes)) return kernels; // no SIMD support
    memory = new wasm.Memory({ initial: INITIAL_PAGES });
    // Position-independent code: it imports relocation bases, unused (no data, no function pointers).
    const env = {
      memory,
      __indirect_function_table: new wasm.Table({ initial: 0, element: 'anyfunc' }),
      __memory_base: new wasm.Global({ value: 'i32' }, 0),
      __table_base: new wasm.Global({ value: 'i32' }, 0),
    };
    exports = new wasm.Instance(new wasm.Module(bytes), { env }).exports;
  } catch {
    return kernels; // e.g. synchronous compilation refused (browsers' main threads)
  }
  const horizontal = exports.resample_horizontal as Kernel;
  const vertical = exports.resample_vertical as Kernel;
  const labelSlot = exports.label_slot as Kernel;
  kernels = {
    memory,
    horizontal: (taps, ...args) => horizontal(taps, ...args),
    vertical: (taps, ...args) => vertical(taps, ...args),
    labelSlot: (...args) => labelSlot(...args),
  };
  return kernels;
}

function base64Bytes(base64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(base64, 'base64'));
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
