import type { io } from '@tensorflow/tfjs-core';
import { quantizeFloat32Weights, type QuantizedWeights } from './quantize-weights.js';

// float32 → IEEE 754 half, the inverse of `@lip/runtime`'s `float16BytesToFloat32` (weights/float16.ts), which only
// widens. tfjs-core's `io.decodeWeights` de-quantizes a manifest entry with `quantization: {dtype: 'float16'}` back
// to float32 on load (its `getFloat16Decoder`), so a float16 web model loads with any tfjs layers loader.

/** The largest finite half: 65504. */
export const FLOAT16_MAX = 65504;

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** One float32 bit pattern → half bits, rounded to nearest, ties to even; overflow → ±Infinity, NaN stays NaN. */
function halfBits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 112; // rebias 127 → 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): value = m · 2^(e − 14) in units of 2^−24.
    if (e < -10) return sign;
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    let half = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa moves to the next exponent, up to Infinity: still correctly rounded.
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

/** float32 values → IEEE half bit patterns (round to nearest even; beyond ±65504 → ±Infinity). */
export function encodeFloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBits(bits[i]!);
  return out;
}

/** One number rounded to the nearest half (as a float32-representable number). */
export function roundToFloat16(value: number): number {
  scratch[0] = value;
  const h = halfBits(scratchBits[0]!);
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

export interface Float16Weights extends QuantizedWeights {
  /** Tensors left in float32 because a finite value lies beyond ±65504 (half would make it infinite). */
  readonly keptFloat32: string[];
}

/**
 * Stores every float32 weight as IEEE half: the form `tensorflowjs_converter --quantize_float16` writes and
 * tfjs-core's `io.decodeWeights` reads back as float32. Other dtypes are copied; a tensor with a finite value
 * beyond the half range stays float32 (listed in `keptFloat32`).
 */
export function quantizeWeightsToFloat16(specs: readonly io.WeightsManifestEntry[], data: io.WeightData): Float16Weights {
  const keptFloat32: string[] = [];
  const quantized = quantizeFloat32Weights('quantizeWeightsToFloat16', specs, data, (spec, values) => {
    if (values.some((v) => Number.isFinite(v) && Math.abs(v) > FLOAT16_MAX)) {
      keptFloat32.push(spec.name);
      return null;
    }
    const half = encodeFloat16(values);
    return { bytes: new Uint8Array(half.buffer, half.byteOffset, half.byteLength), quantization: { dtype: 'float16' } };
  });
  return { ...quantized, keptFloat32 };
}
