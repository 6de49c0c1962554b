import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from './confusion-matrix.js';
import { makeByteRowOffsets, type PairCountingTables } from './label-pair-counting.js';
import { canCountByLanes, countByLanes, isNoisyPair, LANE_TABLE_SIZE } from './lane-pair-counting.js';

let seed = 11;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const randomInt = (n: number) => Math.floor(random() * n);

/** Horizontal bands of classes with `share` of the pixels replaced by random values below `n`. */
function saltAndPepper(width: number, height: number, n: number, share: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = random() < share ? randomInt(n) : Math.floor(i / width / 7) % n;
  return out;
}

function tables(n: number, ignoreIndex: number | null): PairCountingTables {
  return { numClasses: n, ignoreIndex, dropOutOfRange: false, byteRowOffsets: makeByteRowOffsets(n, ignoreIndex) };
}

/** The per-pixel definition: counts and ignored pixels. */
function naive(gt: Uint8Array, pred: Uint8Array, n: number, ignoreIndex: number | null) {
  const counts = new Array<number>(n * n).fill(0);
  let ignored = 0;
  for (let i = 0; i < gt.length; i++) {
    if (gt[i] === ignoreIndex) ignored++;
    else counts[gt[i]! * n + pred[i]!]!++;
  }
  return { counts, ignored };
}

describe('countByLanes', () => {
  it('counts exactly what a per-pixel loop counts, row tails and ignored pixels included', () => {
    for (const [width, height, n, ignoreIndex] of [
      [301, 57, 20, 255],
      [64, 64, 20, null],
      [7, 3, 2, 255],
      [33, 17, 300, null],
    ] as const) {
      const gt = saltAndPepper(width, height, Math.min(n, 256), 0.2);
      const pred = saltAndPepper(width, height, Math.min(n, 256), 0.3);
      if (ignoreIndex !== null) for (let i = 0; i < gt.length; i += 13) gt[i] = ignoreIndex;
      const counts = new Uint32Array(n * n);
      const lanes = new Uint32Array(LANE_TABLE_SIZE);
      const ignored = countByLanes(gt, pred, counts, tables(n, ignoreIndex), lanes);
      expect({ counts: Array.from(counts), ignored }).toEqual(naive(gt, pred, n, ignoreIndex));
      expect(lanes.every((v) => v === 0)).toBe(true);
    }
  });

  it('declines maps with an out-of-range prediction or ground truth, adding nothing and leaving the table clean', () => {
    for (const side of ['gt', 'pred'] as const) {
      const gt = saltAndPepper(40, 30, 20, 0.2);
      const pred = saltAndPepper(40, 30, 20, 0.2);
      (side === 'gt' ? gt : pred)[517] = 20;
      const counts = new Uint32Array(400);
      const lanes = new Uint32Array(LANE_TABLE_SIZE);
      expect(countByLanes(gt, pred, counts, tables(20, 255), lanes)).toBeNull();
      expect(counts.every((v) => v === 0)).toBe(true);
      expect(lanes.every((v) => v === 0)).toBe(true);
    }
  });
});

describe('isNoisyPair / canCountByLanes', () => {
  it('tells salt-and-pepper maps from smooth ones', () => {
    const smooth = saltAndPepper(300, 400, 20, 0);
    expect(isNoisyPair(smooth, smooth)).toBe(false);
    expect(isNoisyPair(smooth, saltAndPepper(300, 400, 20, 0.15))).toBe(true);
    expect(isNoisyPair(smooth.subarray(0, 100), saltAndPepper(10, 10, 20, 1))).toBe(false); // too small to sample
  });

  it('needs both maps 4-byte aligned', () => {
    const buffer = new Uint8Array(64);
    expect(canCountByLanes(buffer.subarray(0, 32), buffer.subarray(32))).toBe(true);
    expect(canCountByLanes(buffer.subarray(1, 33), buffer.subarray(32))).toBe(false);
  });
});

describe('ConfusionMatrix.update on noisy maps', () => {
  const width = 300;
  const height = 400;
  const gt = saltAndPepper(width, height, 20, 0);
  for (let i = 0; i < gt.length; i += 101) gt[i] = 255;
  const pred = saltAndPepper(width, height, 20, 0.15);

  it('gives the same matrix as the run kernel (maps copied to an odd offset take that kernel)', () => {
    const lanes = new ConfusionMatrix(20).update({ data: gt, width, height }, { data: pred, width, height });
    const shifted = (a: Uint8Array) => new Uint8Array(a.length + 1).fill(7, 0, 1).subarray(1);
    const gtOdd = shifted(gt);
    gtOdd.set(gt);
    const predOdd = shifted(pred);
    predOdd.set(pred);
    expect(canCountByLanes(gtOdd, predOdd)).toBe(false);
    const runs = new ConfusionMatrix(20).update({ data: gtOdd, width, height }, { data: predOdd, width, height });
    expect(lanes.toJSON()).toEqual(runs.toJSON());
    expect(lanes.ignoredPixels).toBeGreaterThan(0);
  });

  it('still reports the first bad pixel, and drops out-of-range ground truth when asked', () => {
    const badPred = pred.slice();
    badPred[5 * width + 9] = 21;
    expect(() => new ConfusionMatrix(20).update({ data: gt, width, height }, { data: badPred, width, height })).toThrow(
      'prediction value 21 at pixel (x=9, y=5) is not a class id 0..19',
    );
    const badGt = gt.slice();
    badGt[7 * width + 3] = 30;
    badGt[8 * width + 3] = 30;
    expect(() => new ConfusionMatrix(20).update({ data: badGt, width, height }, { data: pred, width, height })).toThrow(
      'ground-truth value 30 at pixel (x=3, y=7)',
    );
    const dropped = new ConfusionMatrix(20, { outOfRangeGroundTruth: 'drop' }).update({ data: badGt, width, height }, { data: pred, width, height });
    expect(dropped.droppedPixels).toBe(2);
    expect(dropped.pixels + dropped.ignoredPixels).toBe(width * height - 2);
  });
});
