import type { LabelArray } from './label-grid.js';

/** Result of counting one image's (ground truth, prediction) pairs into a scratch histogram. */
export interface PairCountResult {
  ignored: number;
  dropped: number;
  /** Index of the first invalid pixel, or -1 (then nothing must be kept from the scratch histogram). */
  badIndex: number;
  badIsPrediction: boolean;
}

/** Settings shared by the counting kernels. */
export interface PairCountingTables {
  numClasses: number;
  ignoreIndex: number | null;
  dropOutOfRange: boolean;
  /** For each byte value: its row offset (`value * numClasses`), -1 for the ignore index, -2 if out of range. */
  byteRowOffsets: Int32Array;
}

/** Builds the byte lookup table of `countBytePairs`. */
export function makeByteRowOffsets(numClasses: number, ignoreIndex: number | null): Int32Array {
  const rows = new Int32Array(256);
  for (let value = 0; value < 256; value++) rows[value] = value === ignoreIndex ? -1 : value < numClasses ? value * numClasses : -2;
  return rows;
}

const UNIFORM = 0x01010101;

/** 32-bit views of both maps from pixel `base`, the first pixel whose ground-truth byte is 4-byte aligned. */
export interface WordViews {
  gt: Uint32Array;
  pred: Uint32Array;
  base: number;
}

/** Word views from `start` (a 4-byte aligned pixel of both maps) to the end of the maps. */
function wordViewsOf(gt: Uint8Array | Uint8ClampedArray, pred: Uint8Array | Uint8ClampedArray, start: number): WordViews {
  const words = (gt.length - start) >> 2;
  if (words <= 0) return { gt: new Uint32Array(0), pred: new Uint32Array(0), base: start };
  return {
    gt: new Uint32Array(gt.buffer, gt.byteOffset + start, words),
    pred: new Uint32Array(pred.buffer, pred.byteOffset + start, words),
    base: start,
  };
}

/**
 * Counts 8-bit label pairs into `counts` (`numClasses²` entries, row = ground truth). Label maps are made of
 * regions, so most aligned 4-pixel words of both maps are uniform and repeat the previous word: such runs are
 * counted with one comparison per 4 pixels and flushed into their bin once. Every other pixel goes through the
 * per-pixel lookup. The result is identical to a plain per-pixel loop.
 *
 * Only the pixels `from` to `to - 1` are counted, each `weight` times (see `countBytePairRows`). Error
 * indices are indices into the whole arrays.
 */
export function countBytePairs(
  gt: Uint8Array | Uint8ClampedArray,
  pred: Uint8Array | Uint8ClampedArray,
  counts: Uint32Array,
  t: PairCountingTables,
  from = 0,
  to = gt.length,
  weight = 1,
  views: WordViews | null = null,
): PairCountResult {
  const length = to;
  const rows = t.byteRowOffsets;
  const n = t.numClasses;
  const drop = t.dropOutOfRange;
  let ignored = 0;
  let dropped = 0;

  let i = from;
  const sameAlignment = ((gt.byteOffset - pred.byteOffset) & 3) === 0;
  const head = sameAlignment ? Math.min(length, from + ((4 - ((gt.byteOffset + from) & 3)) & 3)) : length;
  for (; i < head; i++) {
    const row = rows[gt[i]!]!;
    if (row >= 0) {
      const p = pred[i]!;
      if (p >= n) return { ignored, dropped, badIndex: i, badIsPrediction: true };
      counts[row + p]! += weight;
    } else if (row === -1) ignored += weight;
    else if (drop) dropped += weight;
    else return { ignored, dropped, badIndex: i, badIsPrediction: false };
  }
  if (i >= length) return { ignored, dropped, badIndex: -1, badIsPrediction: false };

  // Word w of the range is word `firstWord + w` of the views (made here, or passed in by countBytePairRows).
  const words = (length - i) >> 2;
  const wordViews = views ?? wordViewsOf(gt, pred, i);
  const firstWord = (i - wordViews.base) >> 2;
  const gtWords = wordViews.gt;
  const predWords = wordViews.pred;
  // The current run: previous word pair (both uniform), its kind and its bin.
  let previousGt = -1;
  let previousPred = -1;
  let runKind = 0; // 0 none, 1 counted (runBin), 2 ignored, 3 dropped
  let runBin = 0;
  let run = 0;
  const endWord = firstWord + words;
  for (let w = firstWord; w < endWord; w++) {
    const gw = gtWords[w]!;
    const pw = predWords[w]!;
    if (gw === previousGt && pw === previousPred) {
      // Inside a run: scan to its end in a tight loop, two words per step.
      let end = w + 1;
      while (end + 1 < endWord && gtWords[end] === gw && predWords[end] === pw && gtWords[end + 1] === gw && predWords[end + 1] === pw) end += 2;
      while (end < endWord && gtWords[end] === gw && predWords[end] === pw) end++;
      run += 4 * (end - w);
      w = end - 1;
      continue;
    }
    if (run > 0) {
      if (runKind === 1) counts[runBin]! += run * weight;
      else if (runKind === 2) ignored += run * weight;
      else dropped += run * weight;
      run = 0;
    }
    const base = i + 4 * (w - firstWord);
    const g0 = gw & 0xff;
    const p0 = pw & 0xff;
    if (gw === Math.imul(g0, UNIFORM) >>> 0 && pw === Math.imul(p0, UNIFORM) >>> 0) {
      const row = rows[g0]!;
      if (row >= 0) {
        if (p0 >= n) return { ignored, dropped, badIndex: base, badIsPrediction: true };
        runKind = 1;
        runBin = row + p0;
      } else if (row === -1) runKind = 2;
      else if (drop) runKind = 3;
      else return { ignored, dropped, badIndex: base, badIsPrediction: false };
      previousGt = gw;
      previousPred = pw;
      run = 4;
      continue;
    }
    previousGt = -1;
    for (let k = base; k < base + 4; k++) {
      const row = rows[gt[k]!]!;
      if (row >= 0) {
        const p = pred[k]!;
        if (p >= n) return { ignored, dropped, badIndex: k, badIsPrediction: true };
        counts[row + p]! += weight;
      } else if (row === -1) ignored += weight;
      else if (drop) dropped += weight;
      else return { ignored, dropped, badIndex: k, badIsPrediction: false };
    }
  }
  if (run > 0) {
    if (runKind === 1) counts[runBin]! += run * weight;
    else if (runKind === 2) ignored += run * weight;
    else dropped += run * weight;
  }
  for (let k = i + 4 * words; k < length; k++) {
    const row = rows[gt[k]!]!;
    if (row >= 0) {
      const p = pred[k]!;
      if (p >= n) return { ignored, dropped, badIndex: k, badIsPrediction: true };
      counts[row + p]! += weight;
    } else if (row === -1) ignored += weight;
    else if (drop) dropped += weight;
    else return { ignored, dropped, badIndex: k, badIsPrediction: false };
  }
  return { ignored, dropped, badIndex: -1, badIsPrediction: false };
}

/**
 * `countBytePairs` over a `width`-pixel-wide image when some rows are known to repeat the row above in both
 * maps (`gtRepeats[y]` and `predRepeats[y]` non-zero: row y equals row y - 1; a decoder knows this for free).
 * Each repeated row is counted by counting its source row once more, so a block of k repeats costs one row.
 * The hints must be exact; the result is then identical to `countBytePairs` on the whole images, errors
 * included (a repeated row holds the same values as its source, which comes first in raster order).
 */
export function countBytePairRows(
  gt: Uint8Array | Uint8ClampedArray,
  pred: Uint8Array | Uint8ClampedArray,
  width: number,
  gtRepeats: Uint8Array,
  predRepeats: Uint8Array,
  counts: Uint32Array,
  t: PairCountingTables,
): PairCountResult {
  const height = width > 0 ? gt.length / width : 0;
  // One pair of word views for all the ranges (when both maps share an alignment; else countBytePairs
  // counts pixel by pixel and never reads them).
  const aligned = ((gt.byteOffset - pred.byteOffset) & 3) === 0;
  const views = aligned ? wordViewsOf(gt, pred, Math.min(gt.length, (4 - (gt.byteOffset & 3)) & 3)) : null;
  let ignored = 0;
  let dropped = 0;
  let pending = 0; // first row not counted yet
  let y = 1;
  for (;;) {
    while (y < height && !(gtRepeats[y] && predRepeats[y])) y++;
    if (y >= height) break;
    let blockEnd = y + 1; // rows y .. blockEnd - 1 repeat row y - 1
    while (blockEnd < height && gtRepeats[blockEnd] && predRepeats[blockEnd]) blockEnd++;
    if (pending < y - 1) {
      const r = countBytePairs(gt, pred, counts, t, pending * width, (y - 1) * width, 1, views);
      ignored += r.ignored;
      dropped += r.dropped;
      if (r.badIndex >= 0) return { ignored, dropped, badIndex: r.badIndex, badIsPrediction: r.badIsPrediction };
    }
    const r = countBytePairs(gt, pred, counts, t, (y - 1) * width, y * width, 1 + blockEnd - y, views);
    ignored += r.ignored;
    dropped += r.dropped;
    if (r.badIndex >= 0) return { ignored, dropped, badIndex: r.badIndex, badIsPrediction: r.badIsPrediction };
    pending = blockEnd;
    y = blockEnd + 1;
  }
  if (pending < height) {
    const r = countBytePairs(gt, pred, counts, t, pending * width, height * width, 1, views);
    return { ignored: ignored + r.ignored, dropped: dropped + r.dropped, badIndex: r.badIndex, badIsPrediction: r.badIsPrediction };
  }
  return { ignored, dropped, badIndex: -1, badIsPrediction: false };
}

/** Counts label pairs of any numeric array type (integers checked), one pixel at a time. */
export function countAnyPairs(gt: LabelArray, pred: LabelArray, counts: Uint32Array, t: PairCountingTables): PairCountResult {
  const n = t.numClasses;
  const ignoreIndex = t.ignoreIndex;
  const drop = t.dropOutOfRange;
  const length = gt.length;
  let ignored = 0;
  let dropped = 0;
  for (let i = 0; i < length; i++) {
    const g = gt[i]!;
    if (g >= 0 && g < n && Math.floor(g) === g) {
      const p = pred[i]!;
      if (!(p >= 0 && p < n && Math.floor(p) === p)) return { ignored, dropped, badIndex: i, badIsPrediction: true };
      counts[g * n + p]!++;
    } else if (g === ignoreIndex) {
      ignored++;
    } else if (drop) {
      dropped++;
    } else {
      return { ignored, dropped, badIndex: i, badIsPrediction: false };
    }
  }
  return { ignored, dropped, badIndex: -1, badIsPrediction: false };
}
