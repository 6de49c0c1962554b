import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from './confusion-matrix.js';
import { countBytePairRows, countBytePairs, makeByteRowOffsets } from './label-pair-counting.js';
import { ROW_REPEATS, type LabelMap, type RowRepeatHint } from '@lip/schema';

/** The plain per-pixel definition the run-length kernel must reproduce exactly. */
function naive(gt: Uint8Array, pred: Uint8Array, n: number, ignore: number, drop: boolean) {
  const counts = new Array<number>(n * n).fill(0);
  let ignored = 0;
  let dropped = 0;
  for (let i = 0; i < gt.length; i++) {
    const g = gt[i]!;
    if (g === ignore) ignored++;
    else if (g >= n) {
      if (!drop) return { badIndex: i, badIsPrediction: false };
      dropped++;
    } else {
      if (pred[i]! >= n) return { badIndex: i, badIsPrediction: true };
      counts[g * n + pred[i]!]!++;
    }
  }
  return { counts, ignored, dropped, badIndex: -1 };
}

function run(gt: Uint8Array, pred: Uint8Array, n: number, ignore: number, drop: boolean) {
  const counts = new Uint32Array(n * n);
  const r = countBytePairs(gt, pred, counts, { numClasses: n, ignoreIndex: ignore, dropOutOfRange: drop, byteRowOffsets: makeByteRowOffsets(n, ignore) });
  return r.badIndex >= 0 ? { badIndex: r.badIndex, badIsPrediction: r.badIsPrediction } : { counts: Array.from(counts), ignored: r.ignored, dropped: r.dropped, badIndex: -1 };
}

let seed = 3;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

/** Runs of random length, so uniform 4-pixel words, run boundaries inside words and isolated pixels all occur. */
function runs(length: number, values: () => number): Uint8Array {
  const out = new Uint8Array(length);
  let i = 0;
  while (i < length) {
    const v = values();
    const len = 1 + Math.floor(random() * (random() < 0.5 ? 3 : 40));
    out.fill(v, i, Math.min(length, i + len));
    i += len;
  }
  return out;
}

describe('countBytePairs (run-length over 4-pixel words)', () => {
  it('equals the per-pixel definition for every alignment, length and run structure', () => {
    for (let trial = 0; trial < 300; trial++) {
      const length = Math.floor(random() * 200);
      const gtOffset = Math.floor(random() * 4);
      const predOffset = random() < 0.5 ? gtOffset : Math.floor(random() * 4);
      const drop = random() < 0.5;
      const n = 5;
      const gtValues = () => (random() < 0.15 ? 255 : random() < (drop ? 0.1 : 0) ? 7 : Math.floor(random() * n));
      const gtBuffer = new Uint8Array(length + 8);
      const predBuffer = new Uint8Array(length + 8);
      gtBuffer.set(runs(length, gtValues), gtOffset);
      predBuffer.set(runs(length, () => Math.floor(random() * n)), predOffset);
      const gt = gtBuffer.subarray(gtOffset, gtOffset + length);
      const pred = predBuffer.subarray(predOffset, predOffset + length);
      expect(run(gt, pred, n, 255, drop), `trial ${trial}`).toEqual(naive(gt, pred, n, 255, drop));
    }
  });

  it('reports the first bad pixel exactly, inside a uniform run or a mixed word', () => {
    for (let trial = 0; trial < 200; trial++) {
      const length = 8 + Math.floor(random() * 100);
      const offset = Math.floor(random() * 4);
      const buffer = new Uint8Array(length + 4);
      const gt = buffer.subarray(offset, offset + length);
      gt.set(runs(length, () => (random() < 0.2 ? 255 : Math.floor(random() * 3))));
      const pred = runs(length, () => Math.floor(random() * 3));
      const where = Math.floor(random() * length);
      const span = 1 + Math.floor(random() * 9);
      if (random() < 0.5) gt.fill(9, where, where + span);
      else pred.fill(200, where, where + span);
      expect(run(gt, pred, 3, 255, false), `trial ${trial}`).toEqual(naive(gt, pred, 3, 255, false));
    }
  });

  it('a long uniform region counts in one bin, through ConfusionMatrix', () => {
    const gt = new Uint8Array(1003).fill(2);
    gt.fill(255, 500, 600);
    const pred = new Uint8Array(1003).fill(1);
    const m = new ConfusionMatrix(3).update(gt, pred);
    expect(m.get(2, 1)).toBe(903);
    expect(m.ignoredPixels).toBe(100);
  });
});

/** Rows made of runs, each row repeating the one above with probability `repeat`; the exact repeat flags. */
function repeatingRows(width: number, height: number, repeat: number, values: () => number) {
  const data = new Uint8Array(width * height);
  const repeats = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    if (y > 0 && random() < repeat) {
      data.copyWithin(y * width, (y - 1) * width, y * width);
      repeats[y] = random() < 0.8 ? 1 : 0; // a hint may miss a repeat, never claim a false one
    } else data.set(runs(width, values), y * width);
  }
  return { data, repeats };
}

describe('countBytePairRows (rows that repeat the row above, counted once)', () => {
  const tables = (n: number, drop: boolean) => ({ numClasses: n, ignoreIndex: 255, dropOutOfRange: drop, byteRowOffsets: makeByteRowOffsets(n, 255) });
  const result = (r: ReturnType<typeof countBytePairs>, counts: Uint32Array) =>
    r.badIndex >= 0 ? { badIndex: r.badIndex, badIsPrediction: r.badIsPrediction } : { counts: Array.from(counts), ignored: r.ignored, dropped: r.dropped, badIndex: -1 };

  it('equals countBytePairs on the whole images, errors included', () => {
    for (let trial = 0; trial < 300; trial++) {
      const width = 1 + Math.floor(random() * 23);
      const height = 1 + Math.floor(random() * 12);
      const drop = random() < 0.3;
      const n = 4;
      const bad = random() < 0.3;
      const gt = repeatingRows(width, height, 0.6, () => (random() < 0.1 ? 255 : bad && random() < 0.03 ? 9 : Math.floor(random() * n)));
      const pred = repeatingRows(width, height, 0.6, () => (bad && random() < 0.03 ? 77 : Math.floor(random() * n)));
      const whole = new Uint32Array(n * n);
      const rows = new Uint32Array(n * n);
      const expected = result(countBytePairs(gt.data, pred.data, whole, tables(n, drop)), whole);
      const got = result(countBytePairRows(gt.data, pred.data, width, gt.repeats, pred.repeats, rows, tables(n, drop)), rows);
      expect(got, `trial ${trial}`).toEqual(expected);
      if (!bad) expect(got).toEqual(naive(gt.data, pred.data, n, 255, drop));
    }
  });

  it('works on maps at any byte offset, down to a single pixel', () => {
    for (let trial = 0; trial < 200; trial++) {
      const width = 1 + Math.floor(random() * 9);
      const height = 1 + Math.floor(random() * 5);
      const gtOffset = Math.floor(random() * 4);
      const predOffset = random() < 0.5 ? gtOffset : Math.floor(random() * 4);
      const gt = repeatingRows(width, height, 0.5, () => Math.floor(random() * 3));
      const pred = repeatingRows(width, height, 0.5, () => Math.floor(random() * 3));
      const gtAt = new Uint8Array(width * height + 4).subarray(gtOffset, gtOffset + width * height);
      const predAt = new Uint8Array(width * height + 4).subarray(predOffset, predOffset + width * height);
      gtAt.set(gt.data);
      predAt.set(pred.data);
      const counts = new Uint32Array(9);
      const r = countBytePairRows(gtAt, predAt, width, gt.repeats, pred.repeats, counts, tables(3, false));
      expect(result(r, counts), `trial ${trial}`).toEqual(naive(gt.data, pred.data, 3, 255, false));
    }
  });

  it('ConfusionMatrix.update uses the hints of both maps and gives the same matrix', () => {
    const width = 37;
    const height = 50;
    const gt = repeatingRows(width, height, 0.8, () => (random() < 0.05 ? 255 : Math.floor(random() * 5)));
    const pred = repeatingRows(width, height, 0.8, () => Math.floor(random() * 5));
    const plain = new ConfusionMatrix(5).update({ data: gt.data, width, height }, { data: pred.data, width, height });
    const gtHinted: LabelMap & RowRepeatHint = { data: gt.data, width, height, [ROW_REPEATS]: gt.repeats };
    const predHinted: LabelMap & RowRepeatHint = { data: pred.data, width, height, [ROW_REPEATS]: pred.repeats };
    const hinted = new ConfusionMatrix(5).update(gtHinted, predHinted);
    expect(hinted.toJSON()).toEqual(plain.toJSON());
    expect(gt.repeats.some((v) => v) && pred.repeats.some((v, y) => v && gt.repeats[y])).toBe(true);
  });
});
