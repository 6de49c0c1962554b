import type { RgbImage } from '@lip/schema';
import { horizontalPillowPass, pillowBilinearTaps, tapsInputRange, verticalPassMeanSubtracted, MAX_SIMD_TAPS, resampleWasmKernels } from '@lip/image/internal';

const align16 = (n: number): number => (n + 15) & ~15;
const PAGE = 65536;

/** Where the image block of one SS-NAN training sample goes in its `size² × 3` slot. */
export interface ImageSlotPlacement {
  readonly scaledWidth: number;
  readonly scaledHeight: number;
  /** The crop of the scaled image that lands in the slot. */
  readonly cropX: number;
  readonly cropY: number;
  readonly copyW: number;
  readonly copyH: number;
  /** Top-left of the block in the slot (already mirrored when flipped). */
  readonly dstX: number;
  readonly dstY: number;
  readonly flip: boolean;
  readonly size: number;
  readonly mean: readonly number[];
}

/** A row of `-mean` values (one cached per thread) that padding is copied from. */
let padRow: { size: number; mean: readonly number[]; row: Float32Array } | null = null;

function meanPadRow(size: number, mean: readonly number[]): Float32Array {
  if (!padRow || padRow.size !== size || padRow.mean.some((m, c) => m !== mean[c])) {
    const row = new Float32Array(size * 3);
    for (let i = 0; i < row.length; i++) row[i] = -mean[i % 3]!;
    padRow = { size, mean: [...mean], row };
  }
  return padRow.row;
}

/** Calls `segment(y, x0, x1)` for every run of padding pixels around the block, row by row. */
function forEachPadding(p: ImageSlotPlacement, segment: (y: number, x0: number, x1: number) => void): void {
  const { size, dstX, dstY, copyW, copyH } = p;
  if (copyW === size && copyH === size) return;
  for (let y = 0; y < size; y++) {
    if (y < dstY || y >= dstY + copyH) segment(y, 0, size);
    else {
      if (dstX > 0) segment(y, 0, dstX);
      if (dstX + copyW < size) segment(y, dstX + copyW, size);
    }
  }
}

/**
 * Writes a whole SS-NAN training image slot: `-mean` everywhere, and the crop of `image` resized
 * as Pillow's bilinear (only that region is computed), mirrored when flipped, minus the mean, at
 * (`dstX`, `dstY`). On the WebAssembly SIMD kernels when available (the slot is built in wasm
 * memory and copied out once), else with the JavaScript passes; both give the same bytes.
 */
export function writeSsnanImageSlot(image: RgbImage, p: ImageSlotPlacement, out: Float32Array, offset: number): void {
  if (writeWithWasm(image, p, out, offset)) return;
  const row = meanPadRow(p.size, p.mean);
  forEachPadding(p, (y, x0, x1) => out.set(row.subarray(x0 * 3, x1 * 3), offset + (y * p.size + x0) * 3));
  const region = { x: p.cropX, y: p.cropY, width: p.copyW, height: p.copyH };
  const pass = horizontalPillowPass(image, p.scaledWidth, p.scaledHeight, 3, region, p.flip);
  const at = offset + (p.dstY * p.size + p.dstX) * 3;
  verticalPassMeanSubtracted(pass.rows, p.copyW, pass.rowFirst, pass.vertical, out, at, p.size * 3, p.mean);
}

/** The SIMD path; false (nothing written) without the kernels or beyond their tap count. */
function writeWithWasm(image: RgbImage, p: ImageSlotPlacement, out: Float32Array, offset: number): boolean {
  const k = resampleWasmKernels();
  if (!k) return false;
  const { width, height } = image;
  const horizontal = pillowBilinearTaps(width, p.scaledWidth, p.cropX, p.copyW, p.flip);
  const vertical = pillowBilinearTaps(height, p.scaledHeight, p.cropY, p.copyH);
  if (horizontal.taps > MAX_SIMD_TAPS || vertical.taps > MAX_SIMD_TAPS) return false;
  const { first, end } = tapsInputRange(vertical);
  const { size, copyW, copyH } = p;
  const stride = align16(copyW * 3); // intermediate row bytes: whole 16-byte chunks for the vertical pass
  const chunks = stride / 16;
  // Memory layout. Slack after the image (4-byte loads run 1 byte past a pixel), the intermediate
  // (4-byte stores) and the slot (the vertical pass writes whole 16-float chunks: a row's last
  // chunk runs into the padding, rewritten below, or into the next row, written after it).
  const imagePtr = 0;
  const hStartsPtr = align16(width * height * 3 + 16);
  const hWeightsPtr = align16(hStartsPtr + copyW * 4);
  const vOffsetsPtr = align16(hWeightsPtr + horizontal.weights.length * 4);
  const vWeightsPtr = align16(vOffsetsPtr + copyH * 4);
  const meansPtr = align16(vWeightsPtr + vertical.weights.length * 4);
  const midPtr = meansPtr + 3 * 16 * 8;
  const padPtr = align16(midPtr + (end - first) * stride + 16);
  const slotPtr = padPtr + size * 3 * 4;
  const bytes = slotPtr + size * size * 3 * 4 + 64;
  if (k.memory.buffer.byteLength < bytes) k.memory.grow(Math.ceil((bytes - k.memory.buffer.byteLength) / PAGE));
  const buffer = k.memory.buffer;
  new Uint8Array(buffer, imagePtr, image.data.length).set(image.data);
  const hStarts = new Int32Array(buffer, hStartsPtr, copyW);
  for (let i = 0; i < copyW; i++) hStarts[i] = horizontal.start[i]! * 3;
  new Int32Array(buffer, hWeightsPtr, horizontal.weights.length).set(horizontal.weights);
  const vOffsets = new Int32Array(buffer, vOffsetsPtr, copyH);
  for (let j = 0; j < copyH; j++) vOffsets[j] = (vertical.start[j]! - first) * stride;
  new Int32Array(buffer, vWeightsPtr, vertical.weights.length).set(vertical.weights);
  const means = new Float64Array(buffer, meansPtr, 48);
  for (let i = 0; i < 48; i++) means[i] = p.mean[i % 3]!;
  k.horizontal(horizontal.taps, imagePtr, width * 3, first, end - first, copyW, hStartsPtr, hWeightsPtr, midPtr, stride);
  const blockPtr = slotPtr + (p.dstY * size + p.dstX) * 3 * 4;
  k.vertical(vertical.taps, midPtr, stride, blockPtr, size * 3 * 4, copyH, chunks, vOffsetsPtr, vWeightsPtr, meansPtr);
  // Padding, copied within wasm memory from a row of -mean (no allocation per segment).
  const floats = new Float32Array(buffer);
  const pad = padPtr / 4;
  const slot = slotPtr / 4;
  floats.set(meanPadRow(size, p.mean), pad);
  forEachPadding(p, (y, x0, x1) => floats.copyWithin(slot + (y * size + x0) * 3, pad + x0 * 3, pad + x1 * 3));
  out.set(floats.subarray(slot, slot + size * size * 3), offset);
  return true;
}
