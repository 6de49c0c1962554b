import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from './confusion-matrix.js';
import { computeParsingMetrics, type ParsingMetrics } from './parsing-metrics.js';
import { averagePerImageParsingMetrics, computePerImageParsingMetrics } from './per-image-metrics.js';
import parsingFixture from './__fixtures__/parsing.json' with { type: 'json' };

const nanOrClose = (actual: number, expected: number | null, label: string) => {
  if (expected === null) expect(actual, label).toBeNaN();
  else expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12);
};

describe('computeParsingMetrics, hand-computed', () => {
  // counts (rows gt): [1 1 0; 0 2 0; 1 0 0]: rows 2,2,1; cols 2,3,0; diag 1,2,0; total 5
  const m = new ConfusionMatrix(3).update([0, 0, 1, 1, 2, 255], [0, 1, 1, 1, 0, 2]);

  it('official formulas', () => {
    const r = m.compute();
    expect(r.pixels).toBe(5);
    expect(r.pixelAccuracy).toBeCloseTo(3 / 5, 15);
    expect(r.classes.map((c) => c.accuracy)).toEqual([0.5, 1, 0]);
    expect(r.meanAccuracy).toBeCloseTo(0.5, 15);
    expect(r.classes.map((c) => c.iou)).toEqual([1 / 3, 2 / 3, 0]);
    expect(r.meanIoU).toBeCloseTo(1 / 3, 15);
    expect(r.frequencyWeightedIoU).toBeCloseTo((2 / 5) * (1 / 3) + (2 / 5) * (2 / 3), 15);
    expect(r.classes.map((c) => c.dice)).toEqual([0.5, 0.8, 0]);
    expect(r.meanDice).toBeCloseTo(1.3 / 3, 15);
    expect(r.classes.map((c) => [c.truePositives, c.gtPixels, c.predPixels])).toEqual([
      [1, 2, 2],
      [2, 2, 3],
      [0, 1, 0],
    ]);
  });

  it('accepts raw counts', () => {
    const r = computeParsingMetrics({ numClasses: 3, counts: [1, 1, 0, 0, 2, 0, 1, 0, 0] });
    expect(r.meanIoU).toBeCloseTo(1 / 3, 15);
    expect(() => computeParsingMetrics({ numClasses: 3, counts: [1, 2] })).toThrow('counts must have 9 entries');
  });
});

describe('absent classes (absent from gt, or from both gt and prediction)', () => {
  // 4 classes: class 2 predicted but absent from gt; class 3 absent from both.
  // counts: row0 = [1 0 1 0], row1 = [0 2 0 0]; rows 2,0,... ; cols 1,2,1,0
  const m = new ConfusionMatrix(4).update([0, 0, 1, 1], [0, 2, 1, 1]);

  it("'nan-skip' (official LIP): absent from gt -> accuracy NaN; absent from both -> IoU NaN, skipped; predicted only -> IoU 0, included", () => {
    const r = m.compute({ absentClassPolicy: 'nan-skip' });
    expect(r.classes.map((c) => c.accuracy)).toEqual([0.5, 1, NaN, NaN]);
    expect(r.classes.map((c) => c.iou)).toEqual([0.5, 1, 0, NaN]);
    expect(r.classes.map((c) => c.dice)).toEqual([2 / 3, 1, 0, NaN]);
    expect(r.meanAccuracy).toBeCloseTo(0.75, 15);
    expect(r.meanIoU).toBeCloseTo(0.5, 15);
    expect(r.meanDice).toBeCloseTo(5 / 9, 15);
    expect(r.pixelAccuracy).toBeCloseTo(0.75, 15);
    expect(r.frequencyWeightedIoU).toBeCloseTo(0.75, 15);
    expect(r.absentClassPolicy).toBe('nan-skip');
  });

  it("'zero' (SCHP/HRNet/CE2P): max(1, denominator), every class in the mean", () => {
    const r = m.compute({ absentClassPolicy: 'zero' });
    expect(r.classes.map((c) => c.accuracy)).toEqual([0.5, 1, 0, 0]);
    expect(r.classes.map((c) => c.iou)).toEqual([0.5, 1, 0, 0]);
    expect(r.meanAccuracy).toBeCloseTo(0.375, 15);
    expect(r.meanIoU).toBeCloseTo(0.375, 15);
    expect(r.meanDice).toBeCloseTo(5 / 12, 15);
    // pixel accuracy and fwIoU do not depend on the policy
    expect(r.pixelAccuracy).toBeCloseTo(0.75, 15);
    expect(r.frequencyWeightedIoU).toBeCloseTo(0.75, 15);
  });

  it('fwIoU sums over classes with ground-truth pixels only (a NaN IoU never leaks in)', () => {
    expect(Number.isNaN(m.compute().frequencyWeightedIoU)).toBe(false);
  });

  it('the two policies agree when every class has ground-truth pixels', () => {
    const full = new ConfusionMatrix(3).update([0, 1, 2, 2], [0, 2, 2, 1]);
    expect(full.compute({ absentClassPolicy: 'zero' })).toEqual({ ...full.compute(), absentClassPolicy: 'zero' });
  });

  it('an empty matrix (all ignore) gives NaN, never a division error', () => {
    const empty = new ConfusionMatrix(20).update(new Uint8Array(4).fill(255), new Uint8Array(4));
    const r = empty.compute();
    expect(r.pixels).toBe(0);
    for (const v of [r.pixelAccuracy, r.meanAccuracy, r.meanIoU, r.frequencyWeightedIoU, r.meanDice]) expect(v).toBeNaN();
    const z = empty.compute({ absentClassPolicy: 'zero' });
    expect(z.pixelAccuracy).toBeNaN();
    expect(z.meanIoU).toBe(0);
  });

  it('rejects an unknown policy', () => {
    // @ts-expect-error invalid policy
    expect(() => m.compute({ absentClassPolicy: 'skip' })).toThrow(`absentClassPolicy must be 'nan-skip' or 'zero', got "skip"`);
  });
});

describe('per-image metrics are separate and named as such', () => {
  it('per-image averaging differs from the dataset-level result; pixel accuracy weighting differs too', () => {
    const a = computePerImageParsingMetrics([0, 0, 0, 1], [0, 0, 0, 0], 2);
    const b = computePerImageParsingMetrics([1, 1], [1, 1], 2);
    expect(a.meanIoU).toBeCloseTo((3 / 4 + 0) / 2, 15);
    expect(b.meanIoU).toBe(1);
    const avg = averagePerImageParsingMetrics([a, b]);
    expect(avg.images).toBe(2);
    expect(avg.meanIoU).toBeCloseTo((3 / 8 + 1) / 2, 15);
    const dataset = new ConfusionMatrix(2).update([0, 0, 0, 1], [0, 0, 0, 0]).update([1, 1], [1, 1]).compute();
    // counts [3 0; 1 2] -> IoU 3/4, 2/3
    expect(dataset.meanIoU).toBeCloseTo((3 / 4 + 2 / 3) / 2, 15);
  });
});

function checkAgainst(r: ParsingMetrics, expected: Record<string, number | null | (number | null)[]>, label: string) {
  for (const key of ['pixelAccuracy', 'meanAccuracy', 'meanIoU', 'frequencyWeightedIoU', 'meanDice'] as const) {
    nanOrClose(r[key], expected[key] as number | null, `${label} ${key}`);
  }
  for (const key of ['accuracy', 'iou', 'dice'] as const) {
    const values = expected[key] as (number | null)[];
    r.classes.forEach((c, i) => nanOrClose(c[key], values[i]!, `${label} ${key}[${i}]`));
  }
}

describe('parity with the numpy implementation of the official formulas (scripts/make_fixtures.py)', () => {
  type Case = (typeof parsingFixture.cases)[number];
  const run = (c: Case, options: { outOfRangeGroundTruth?: 'drop' } = {}) => {
    const m = new ConfusionMatrix(c.numClasses, options);
    const perImage: ParsingMetrics[] = [];
    for (const image of c.images) {
      const size = { width: image.width, height: image.height };
      m.update(Uint8Array.from(image.gt), Uint8Array.from(image.pred), size);
      perImage.push(computePerImageParsingMetrics(Uint8Array.from(image.gt), Uint8Array.from(image.pred), c.numClasses, { ...size, ...options }));
    }
    return { m, perImage };
  };

  for (const c of parsingFixture.cases) {
    it(`${c.name}: counts, both policies, per-image average to 1e-12`, () => {
      const { m, perImage } = run(c);
      expect(m.toArray()).toEqual(c.expected.counts);
      expect(m.ignoredPixels).toBe(c.expected.ignoredPixels);
      checkAgainst(m.compute({ absentClassPolicy: 'nan-skip' }), c.expected['nan-skip'], `${c.name} nan-skip`);
      checkAgainst(m.compute({ absentClassPolicy: 'zero' }), c.expected['zero'], `${c.name} zero`);
      const avg = averagePerImageParsingMetrics(perImage);
      for (const [key, value] of Object.entries(c.expected.perImageAverage)) {
        nanOrClose(avg[key as keyof typeof avg], value, `${c.name} per-image ${key}`);
      }
    });
  }

  it('out-of-range ground truth: an error by default; with drop, equal to the official gt < n mask', () => {
    const c = parsingFixture.dropCase;
    expect(() => run(c)).toThrow(/ground-truth value (20|100|254) at pixel/);
    const { m } = run(c, { outOfRangeGroundTruth: 'drop' });
    expect(m.toArray()).toEqual(c.expected.counts);
    expect(m.droppedPixels).toBe(c.expected.droppedPixels);
    expect(m.ignoredPixels).toBe(c.expected.ignoredPixels);
    checkAgainst(m.compute(), c.expected['nan-skip'], 'drop nan-skip');
    checkAgainst(m.compute({ absentClassPolicy: 'zero' }), c.expected['zero'], 'drop zero');
  });

  it('the fixtures exercise what they claim', () => {
    const absent = parsingFixture.cases.find((c) => c.name === 'absent-classes')!;
    expect(absent.expected['nan-skip'].meanIoU).not.toBeCloseTo(absent.expected['zero'].meanIoU!, 3);
    expect(absent.expected['nan-skip'].iou).toContain(null);
    expect(parsingFixture.dropCase.expected.droppedPixels).toBeGreaterThan(0);
  });
});
