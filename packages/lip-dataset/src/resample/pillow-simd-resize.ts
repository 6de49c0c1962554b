import type { RgbImage } from '../schema/image-types.js';
import type { OutputRegion } from './pillow-bilinear-resize.js';
import { pillowBilinearTaps, tapsInputRange } from './pillow-bilinear-taps.js';
import { MAX_SIMD_TAPS, pillowSimdKernels } from './pillow-simd-kernels.js';

const align16 = (n: number): number => (n + 15) & ~15;
const PAGE = 65536;

/**
 * The SS-NAN training resize on the WebAssembly SIMD kernels: a region of the Pillow bilinear
 * resize of `image` (columns mirrored with `mirror`), written as float32 minus `mean` to `dst`
 * (row j at `dstOffset + j · dstStride`). Bit-identical to `horizontalPillowPass` followed by
 * `verticalPassMeanSubtracted`. Returns false, having written nothing, when the kernels are
 * unavailable or a pass needs more taps than they handle (extreme downscales).
 */
export function resizeRegionMeanSubtractedSimd(
  image: RgbImage,
  outWidth: number,
  outHeight: number,
  region: OutputRegion,
  mirror: boolean,
  dst: Float32Array,
  dstOffset: number,
  dstStride: number,
  mean: readonly number[],
): boolean {
  const k = pillowSimdKernels();
  if (!k) return false;
  const { width, height } = image;
  const horizontal = pillowBilinearTaps(width, outWidth, region.x, region.width, mirror);
  const vertical = pillowBilinearTaps(height, outHeight, region.y, region.height);
  if (horizontal.taps > MAX_SIMD_TAPS || vertical.taps > MAX_SIMD_TAPS) return false;
  const { first, end } = tapsInputRange(vertical);
  const outW = region.width;
  const outH = region.height;
  const stride = align16(outW * 3); // intermediate row bytes: whole 16-byte chunks for the vertical pass
  const chunks = stride / 16;
  // Memory layout; 16 slack bytes after buffers that 4-byte loads / stores may run past.
  const imagePtr = 0;
  const hStartsPtr = align16(width * height * 3 + 16);
  const hWeightsPtr = align16(hStartsPtr + outW * 4);
  const vOffsetsPtr = align16(hWeightsPtr + horizontal.weights.length * 4);
  const vWeightsPtr = align16(vOffsetsPtr + outH * 4);
  const meansPtr = align16(vWeightsPtr + vertical.weights.length * 4);
  const midPtr = meansPtr + 3 * 16 * 8;
  const outPtr = align16(midPtr + (end - first) * stride + 16);
  const bytes = outPtr + outH * chunks * 64;
  const memory = k.memory;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  const buffer = memory.buffer;
  new Uint8Array(buffer, imagePtr, image.data.length).set(image.data);
  const hStarts = new Int32Array(buffer, hStartsPtr, outW);
  for (let i = 0; i < outW; i++) hStarts[i] = horizontal.start[i]! * 3;
  new Int32Array(buffer, hWeightsPtr, horizontal.weights.length).set(horizontal.weights);
  const vOffsets = new Int32Array(buffer, vOffsetsPtr, outH);
  for (let j = 0; j < outH; j++) vOffsets[j] = (vertical.start[j]! - first) * stride;
  new Int32Array(buffer, vWeightsPtr, vertical.weights.length).set(vertical.weights);
  const means = new Float64Array(buffer, meansPtr, 48);
  for (let i = 0; i < 48; i++) means[i] = mean[i % 3]!;
  k.horizontal(horizontal.taps, imagePtr, width * 3, first, end - first, outW, hStartsPtr, hWeightsPtr, midPtr, stride);
  k.vertical(vertical.taps, midPtr, stride, outPtr, chunks * 64, outH, chunks, vOffsetsPtr, vWeightsPtr, meansPtr);
  const out = new Float32Array(buffer, outPtr, outH * chunks * 16);
  for (let j = 0; j < outH; j++) dst.set(out.subarray(j * chunks * 16, j * chunks * 16 + outW * 3), dstOffset + j * dstStride);
  return true;
}
