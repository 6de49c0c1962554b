import { PILLOW_HALF, PILLOW_PRECISION_BITS } from './pillow-bilinear-taps.js';
import { assembleModule, FunctionBody, type Local } from './wasm-module-builder.js';

// WebAssembly kernels of the SS-NAN training resample. The two Pillow passes use SIMD and are
// generated per tap count (1 … MAX_SIMD_TAPS): same integer arithmetic as the JavaScript passes
// (exact i32 products and sums, shift by 22, clamp to 255) and the same float32 rounding of
// `value − mean` (computed in f64, then demoted), so outputs are bit-identical; tests compare them.
// The label kernel is the nearest-neighbour gather of scipy's zoom(order=0) into a padded slot.

export const MAX_SIMD_TAPS = 6;

// SIMD opcodes (after the 0xfd prefix).
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const LOAD32_ZERO = 0x5c;
const STORE32_LANE = 0x5a;
const I32X4_SPLAT = 0x11;
const I16X8_EXTEND_LOW_U8 = 0x89;
const I16X8_EXTEND_HIGH_U8 = 0x8a;
const I32X4_EXTEND_LOW_U16 = 0xa9;
const I32X4_EXTEND_HIGH_U16 = 0xaa;
const I32X4_ADD = 0xae;
const I32X4_MUL = 0xb5;
const I32X4_SHR_S = 0xac;
const I32X4_MIN_S = 0xb6;
const I16X8_NARROW_I32_U = 0x86;
const I8X16_NARROW_I16_U = 0x66;
const F64X2_CONVERT_LOW_I32_S = 0xfe;
const F64X2_SUB = 0xf1;
const F32X4_DEMOTE_F64_ZERO = 0x5e;
// Plain opcodes.
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_GE_U = 0x4f;
const I32_LT_U = 0x49;
const I32_EQ = 0x46;
const SELECT = 0x1b;

function i32x4Bytes(value: number): number[] {
  const b = [value & 255, (value >>> 8) & 255, (value >>> 16) & 255, (value >>> 24) & 255];
  return [...b, ...b, ...b, ...b];
}

/**
 * Horizontal pass, 3-channel rows: `(src, srcRowBytes, rowFirst, rows, outW, starts, weights, dst,
 * dstStride)`. `starts[i]` is the byte offset (start·3) of output pixel i's first tap in a row;
 * `weights` holds `taps` i32 per output pixel. Each pixel is computed in one i32x4 (R, G, B, unused)
 * and stored as 4 bytes, the 4th overwritten by the next pixel (callers leave slack bytes).
 */
function horizontalKernel(taps: number): FunctionBody {
  const f = new FunctionBody(9);
  const src = f.param(0);
  const srcRowBytes = f.param(1);
  const rowFirst = f.param(2);
  const rows = f.param(3);
  const outW = f.param(4);
  const starts = f.param(5);
  const weights = f.param(6);
  const dst = f.param(7);
  const dstStride = f.param(8);
  const r = f.i32Local();
  const i = f.i32Local();
  const rowBase = f.i32Local();
  const out = f.i32Local();
  const p = f.i32Local();
  const wp = f.i32Local();
  const acc = f.v128Local();
  f.i32(0).set(r);
  f.block().loop();
  f.get(r).get(rows).op(I32_GE_U).brIf(1);
  f.get(src).get(rowFirst).get(r).op(I32_ADD).get(srcRowBytes).op(I32_MUL).op(I32_ADD).set(rowBase);
  f.get(dst).get(r).get(dstStride).op(I32_MUL).op(I32_ADD).set(out);
  f.i32(0).set(i);
  f.get(weights).set(wp);
  f.block().loop();
  f.get(i).get(outW).op(I32_GE_U).brIf(1);
  f.get(rowBase).get(starts).get(i).i32(4).op(I32_MUL).op(I32_ADD).i32Load().op(I32_ADD).set(p);
  f.v128Const(i32x4Bytes(PILLOW_HALF)).set(acc);
  for (let t = 0; t < taps; t++) {
    f.get(acc);
    f.get(p).simdMemory(LOAD32_ZERO, 3 * t).simd(I16X8_EXTEND_LOW_U8).simd(I32X4_EXTEND_LOW_U16);
    f.get(wp).i32Load(4 * t).simd(I32X4_SPLAT).simd(I32X4_MUL).simd(I32X4_ADD).set(acc);
  }
  f.get(acc).i32(PILLOW_PRECISION_BITS).simd(I32X4_SHR_S).v128Const(i32x4Bytes(255)).simd(I32X4_MIN_S).tee(acc);
  f.get(acc).simd(I16X8_NARROW_I32_U).tee(acc).get(acc).simd(I8X16_NARROW_I16_U).set(acc);
  f.get(out).get(i).i32(3).op(I32_MUL).op(I32_ADD).get(acc).simdMemory(STORE32_LANE, 0, 0);
  f.get(wp).i32(4 * taps).op(I32_ADD).set(wp);
  f.get(i).i32(1).op(I32_ADD).set(i);
  f.br(0).end().end();
  f.get(r).i32(1).op(I32_ADD).set(r);
  f.br(0).end().end();
  return f;
}

/**
 * Vertical pass to float32 minus the mean: `(src, stride, dst, dstStride, rows, chunks, rowOffsets,
 * weights, means)`. Output row j reads `taps` rows starting at byte `rowOffsets[j]` of `src`
 * (`stride` bytes apart), 16 bytes at a time (`chunks` per row), and writes 16 floats per chunk.
 * `means` holds three blocks of 16 f64 (the channel means of values 16c + l, for c mod 3).
 */
function verticalKernel(taps: number): FunctionBody {
  const f = new FunctionBody(9);
  const src = f.param(0);
  const stride = f.param(1);
  const dst = f.param(2);
  const dstStride = f.param(3);
  const rows = f.param(4);
  const chunks = f.param(5);
  const rowOffsets = f.param(6);
  const weights = f.param(7);
  const means = f.param(8);
  const j = f.i32Local();
  const c = f.i32Local();
  const base = f.i32Local();
  const out = f.i32Local();
  const m = f.i32Local();
  const w: Local[] = Array.from({ length: taps }, () => f.v128Local());
  const acc: [Local, Local, Local, Local] = [f.v128Local(), f.v128Local(), f.v128Local(), f.v128Local()];
  const v = f.v128Local();
  const half8 = f.v128Local();
  f.i32(0).set(j);
  f.block().loop();
  f.get(j).get(rows).op(I32_GE_U).brIf(1);
  f.get(src).get(rowOffsets).get(j).i32(4).op(I32_MUL).op(I32_ADD).i32Load().op(I32_ADD).set(base);
  for (let t = 0; t < taps; t++) f.get(weights).get(j).i32(4 * taps).op(I32_MUL).op(I32_ADD).i32Load(4 * t).simd(I32X4_SPLAT).set(w[t]!);
  f.get(dst).get(j).get(dstStride).op(I32_MUL).op(I32_ADD).set(out);
  f.get(means).set(m);
  f.i32(0).set(c);
  f.loop();
  for (let q = 0; q < 4; q++) f.v128Const(i32x4Bytes(PILLOW_HALF)).set(acc[q]!);
  for (let t = 0; t < taps; t++) {
    f.get(base).get(stride).i32(t).op(I32_MUL).op(I32_ADD).simdMemory(V128_LOAD).set(v);
    f.get(v).simd(I16X8_EXTEND_HIGH_U8).set(half8);
    f.get(v).simd(I16X8_EXTEND_LOW_U8).set(v);
    const groups: [0 | 1 | 2 | 3, number, Local][] = [
      [0, I32X4_EXTEND_LOW_U16, v],
      [1, I32X4_EXTEND_HIGH_U16, v],
      [2, I32X4_EXTEND_LOW_U16, half8],
      [3, I32X4_EXTEND_HIGH_U16, half8],
    ];
    for (const [q, extend, from] of groups) f.get(acc[q]).get(from).simd(extend).get(w[t]!).simd(I32X4_MUL).simd(I32X4_ADD).set(acc[q]);
  }
  for (let q = 0; q < 4; q++) {
    f.get(acc[q]!).i32(PILLOW_PRECISION_BITS).simd(I32X4_SHR_S).v128Const(i32x4Bytes(255)).simd(I32X4_MIN_S).set(acc[q]!);
    // Lanes 0–1 and 2–3 to f64, minus the mean in f64, demoted to f32 and packed back together.
    f.get(out).get(acc[q]!).simd(F64X2_CONVERT_LOW_I32_S).get(m).simdMemory(V128_LOAD, 32 * q).simd(F64X2_SUB).simd(F32X4_DEMOTE_F64_ZERO);
    f.get(acc[q]!).get(acc[q]!).shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]).simd(F64X2_CONVERT_LOW_I32_S);
    f.get(m).simdMemory(V128_LOAD, 32 * q + 16).simd(F64X2_SUB).simd(F32X4_DEMOTE_F64_ZERO);
    f.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]).simdMemory(V128_STORE, 16 * q);
  }
  f.get(base).i32(16).op(I32_ADD).set(base);
  f.get(out).i32(64).op(I32_ADD).set(out);
  // Next mean block: +128 bytes, back to the first after the third.
  f.get(m).i32(128).op(I32_ADD).set(m);
  f.get(means).get(m).get(m).get(means).i32(384).op(I32_ADD).op(I32_EQ).op(SELECT).set(m);
  f.get(c).i32(1).op(I32_ADD).tee(c).get(chunks).op(I32_LT_U).brIf(0);
  f.end();
  f.get(j).i32(1).op(I32_ADD).set(j);
  f.br(0).end().end();
  return f;
}

/** The parts of the WebAssembly API used here (the package's TypeScript lib has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

/**
 * Label slot: `(src, rowOffsets, xs, copyW, copyH, lut, slot, size, dstX, dstY, padLabel)`.
 * Fills the `size²` slot with `padLabel`, then writes `slot[(dstY + y)·size + dstX + x] =
 * lut[src[rowOffsets[y] + xs[x]]]` (row offsets and column indices precomputed, columns already in
 * output order).
 */
function labelSlotKernel(): FunctionBody {
  const f = new FunctionBody(11);
  const src = f.param(0);
  const rowOffsets = f.param(1);
  const xs = f.param(2);
  const copyW = f.param(3);
  const copyH = f.param(4);
  const lut = f.param(5);
  const slot = f.param(6);
  const size = f.param(7);
  const dstX = f.param(8);
  const dstY = f.param(9);
  const padLabel = f.param(10);
  const y = f.i32Local();
  const x = f.i32Local();
  const rowIn = f.i32Local();
  const out = f.i32Local();
  f.get(slot).get(padLabel).get(size).get(size).op(I32_MUL).memoryFill();
  f.i32(0).set(y);
  f.block().loop();
  f.get(y).get(copyH).op(I32_GE_U).brIf(1);
  f.get(src).get(rowOffsets).get(y).i32(4).op(I32_MUL).op(I32_ADD).i32Load().op(I32_ADD).set(rowIn);
  f.get(slot).get(dstY).get(y).op(I32_ADD).get(size).op(I32_MUL).op(I32_ADD).get(dstX).op(I32_ADD).set(out);
  f.i32(0).set(x);
  f.block().loop();
  f.get(x).get(copyW).op(I32_GE_U).brIf(1);
  f.get(out).get(x).op(I32_ADD);
  f.get(lut).get(rowIn).get(xs).get(x).i32(4).op(I32_MUL).op(I32_ADD).i32Load().op(I32_ADD).i32Load8U().op(I32_ADD).i32Load8U();
  f.i32Store8();
  f.get(x).i32(1).op(I32_ADD).set(x);
  f.br(0).end().end();
  f.get(y).i32(1).op(I32_ADD).set(y);
  f.br(0).end().end();
  return f;
}

export interface ResampleWasmKernels {
  readonly memory: WasmMemory;
  horizontal(taps: number, ...args: number[]): void;
  vertical(taps: number, ...args: number[]): void;
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
  const functions = [];
  for (let t = 1; t <= MAX_SIMD_TAPS; t++) functions.push({ name: `h${t}`, body: horizontalKernel(t) }, { name: `v${t}`, body: verticalKernel(t) });
  functions.push({ name: 'labels', body: labelSlotKernel() });
  const bytes = assembleModule(functions, 64);
  let exports: Record<string, unknown>;
  try {
    if (!wasm.validate(bytes)) return kernels; // no SIMD support
    exports = new wasm.Instance(new wasm.Module(bytes)).exports;
  } catch {
    return kernels; // e.g. synchronous compilation refused (browsers' main threads)
  }
  const call = (name: string, args: number[]): void => (exports[name] as (...a: number[]) => void)(...args);
  kernels = {
    memory: exports.memory as WasmMemory,
    horizontal: (taps, ...args) => call(`h${taps}`, args),
    vertical: (taps, ...args) => call(`v${taps}`, args),
    labelSlot: (...args) => call('labels', args),
  };
  return kernels;
}
