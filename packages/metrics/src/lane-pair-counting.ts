import type { PairCountingTables } from './label-pair-counting.js';

/**
 * Counting for noisy 8-bit label maps (salt-and-pepper predictions, dithered or speckled outputs), where
 * `countBytePairs`' runs keep breaking and most pixels take its branchy per-pixel path (~4 ns/px). Here every
 * pixel pair does the same branch-free work: `lanes[(gt << 8 | pred) * 4 + k % 4] += 1`. The four lanes keep
 * neighbouring pixels, which mostly share a bin, from waiting on each other's increment (~1.3 ns/px). All checks
 * happen once per image on the 256 × 256 table.
 */

/** Entries of the lane table: 256 ground-truth bytes × 256 prediction bytes × 4 lanes. */
export const LANE_TABLE_SIZE = 256 * 256 * 4;

/** Sample every this many 4-pixel words to estimate how noisy a pair of maps is. */
const SAMPLE_STRIDE = 16;
/** Above this share of non-uniform sampled words, lane counting beats the run kernel (measured crossover ~0.1). */
const NOISY_SHARE = 0.125;
const UNIFORM = 0x01010101;

/** Whether both maps start on a 4-byte boundary (lane counting reads them as 32-bit words). */
export function canCountByLanes(gt: Uint8Array | Uint8ClampedArray, pred: Uint8Array | Uint8ClampedArray): boolean {
  return (gt.byteOffset & 3) === 0 && (pred.byteOffset & 3) === 0;
}

/** Whether enough sampled 4-pixel words are non-uniform in either map that `countByLanes` is the faster kernel. */
export function isNoisyPair(gt: Uint8Array | Uint8ClampedArray, pred: Uint8Array | Uint8ClampedArray): boolean {
  const words = gt.length >> 2;
  const samples = Math.floor(words / SAMPLE_STRIDE);
  if (samples < 64) return false;
  const gtWords = new Uint32Array(gt.buffer, gt.byteOffset, words);
  const predWords = new Uint32Array(pred.buffer, pred.byteOffset, words);
  let mixed = 0;
  for (let w = 0; w < words; w += SAMPLE_STRIDE) {
    const g = gtWords[w]!;
    const p = predWords[w]!;
    if (g !== Math.imul(g & 0xff, UNIFORM) >>> 0 || p !== Math.imul(p & 0xff, UNIFORM) >>> 0) mixed++;
  }
  return mixed > samples * NOISY_SHARE;
}

/**
 * Adds every (gt, pred) byte pair of the two maps (same length, both 4-byte aligned) into `counts`
 * (`numClasses²`, row = ground truth) and returns the number of ignored pixels, or returns null and adds
 * nothing when some pixel is neither a valid pair nor ignored (an out-of-range value: the caller then runs the
 * exact kernel, which drops it or reports where it is). `lanes` (LANE_TABLE_SIZE entries) must be all zeros
 * and is left all zeros.
 */
export function countByLanes(
  gt: Uint8Array | Uint8ClampedArray,
  pred: Uint8Array | Uint8ClampedArray,
  counts: Uint32Array,
  t: PairCountingTables,
  lanes: Uint32Array,
): number | null {
  const words = gt.length >> 2;
  const gtWords = new Uint32Array(gt.buffer, gt.byteOffset, words);
  const predWords = new Uint32Array(pred.buffer, pred.byteOffset, words);
  // Byte k of both words is pixel 4w + k whatever the endianness: the same shifts pair it up in both.
  for (let w = 0; w < words; w++) {
    const g = gtWords[w]!;
    const p = predWords[w]!;
    lanes[((g << 10) & 0x3fc00) | ((p << 2) & 0x3fc)]!++;
    lanes[((g << 2) & 0x3fc00) | ((p >>> 6) & 0x3fc) | 1]!++;
    lanes[((g >>> 6) & 0x3fc00) | ((p >>> 14) & 0x3fc) | 2]!++;
    lanes[((g >>> 14) & 0x3fc00) | ((p >>> 22) & 0x3fc) | 3]!++;
  }
  for (let k = words * 4; k < gt.length; k++) lanes[((gt[k]! << 8) | pred[k]!) << 2]!++;

  // Every pixel is in a valid (gt, pred) bin or the ignore row exactly when those bins hold all the pixels.
  const n = t.numClasses;
  const validRows = Math.min(n, 256);
  const validColumns = Math.min(n, 256);
  const ignoreRow = t.ignoreIndex !== null && t.ignoreIndex >= n && t.ignoreIndex <= 255 ? t.ignoreIndex : -1;
  let total = 0;
  for (let g = 0; g < validRows; g++) total += sumLanes(lanes, g, 0, validColumns);
  const ignored = ignoreRow >= 0 ? sumLanes(lanes, ignoreRow, 0, 256) : 0;
  if (total + ignored !== gt.length) {
    lanes.fill(0);
    return null;
  }
  for (let g = 0; g < validRows; g++) {
    for (let p = 0; p < validColumns; p++) {
      const at = ((g << 8) | p) << 2;
      counts[g * n + p]! += lanes[at]! + lanes[at + 1]! + lanes[at + 2]! + lanes[at + 3]!;
    }
    lanes.fill(0, g * 1024, g * 1024 + validColumns * 4);
  }
  if (ignoreRow >= 0) lanes.fill(0, ignoreRow * 1024, (ignoreRow + 1) * 1024);
  return ignored;
}

/** Sum of the lanes of row `g`, columns `from` to `to - 1`. */
function sumLanes(lanes: Uint32Array, g: number, from: number, to: number): number {
  let sum = 0;
  for (let k = (g * 256 + from) * 4, end = (g * 256 + to) * 4; k < end; k++) sum += lanes[k]!;
  return sum;
}
