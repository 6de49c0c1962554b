import type { io } from '@tensorflow/tfjs-core';
import { quantizeFloat32Weights, type QuantizedWeights } from './quantize-weights.js';

// float32 → affine uint8, the form `tensorflowjs_converter --quantize_uint8` writes: each tensor's manifest entry
// carries `quantization: {dtype: 'uint8', min, scale}` and tfjs-core's `io.decodeWeights` reads `q · scale + min`
// back as float32. A quarter of the float32 bytes, at 1/255 of each tensor's range per step.

const LEVELS = 255;

/** The affine map of one tensor: its range widened to hold 0, then shifted so that 0 is exactly a level. */
export function uint8Range(values: Float32Array): { min: number; scale: number } {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi === lo) return { min: 0, scale: 1 }; // all zeros
  const scale = (hi - lo) / LEVELS;
  // Zero-valued weights (padding, masked or pruned kernels) must decode to 0, not to a rounding of it: tfjs-core
  // computes `q · scale + min` in doubles (JSON keeps them exact), so min = −(zero level · scale) makes it 0.
  const zeroLevel = Math.round(-lo / scale);
  return { min: -zeroLevel * scale, scale };
}

/** float32 values → uint8 levels of `range` (nearest level, clamped to 0..255). */
export function encodeUint8(values: Float32Array, range: { min: number; scale: number }): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.min(LEVELS, Math.max(0, Math.round((values[i]! - range.min) / range.scale)));
  return out;
}

/**
 * Stores every float32 weight as affine uint8 (per tensor: `min`, `scale`), the form tfjs-core's `io.decodeWeights`
 * de-quantizes on load. int32 and bool weights are copied. A tensor holding NaN or ±Infinity cannot be quantized.
 */
export function quantizeWeightsToUint8(specs: readonly io.WeightsManifestEntry[], data: io.WeightData): QuantizedWeights {
  return quantizeFloat32Weights('quantizeWeightsToUint8', specs, data, (spec, values) => {
    if (!values.every(Number.isFinite)) throw new Error(`quantizeWeightsToUint8: weight '${spec.name}' holds NaN or ±Infinity, which uint8 cannot store`);
    const range = uint8Range(values);
    return { bytes: encodeUint8(values, range), quantization: { dtype: 'uint8', min: range.min, scale: range.scale } };
  });
}
