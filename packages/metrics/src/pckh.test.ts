import { describe, expect, it } from 'vitest';
import type { HeadBox } from './pckh.js';
import { computeNormalisedJointDistances, computePckh, computePckhCurve } from './pckh.js';
import { parsePoseCsv, type PoseRecord } from '@lip/schema';
import pckhFixture from './__fixtures__/pckh.json' with { type: 'json' };

function pose(id: string, points: [number, number][]): PoseRecord {
  return { id, x: Float64Array.from(points, (p) => p[0]), y: Float64Array.from(points, (p) => p[1]), visibility: null };
}
const NAN: [number, number] = [NaN, NaN];

describe('computePckh, LIP convention (hand-computed)', () => {
  // head top (9) at (0, 0), upper neck (8) at (0, 10): head size 10, threshold 0.5 -> 5 px
  const gtPoints: [number, number][] = Array.from({ length: 16 }, (_, j) => [100 + j, 100]);
  gtPoints[8] = [0, 10];
  gtPoints[9] = [0, 0];
  gtPoints[6] = NAN; // pelvis missing: not counted
  const gt = pose('img1', gtPoints);
  const predPoints = gtPoints.map(([x, y]) => [x, y] as [number, number]);
  predPoints[0] = [100 + 3, 104]; // dist 5 -> 0.5, counted as hit (<=)
  predPoints[1] = [101 + 6, 100]; // dist 6 -> 0.6, miss
  predPoints[12] = NAN; // missing prediction: a miss
  predPoints[6] = [0, 0];
  const pred = pose('img1', predPoints);
  const noHead = pose('img2', gtPoints.map((p, j) => (j === 9 ? NAN : p)));
  const noHeadPred = pose('img2', gtPoints);

  it('per joint and columns', () => {
    const r = computePckh([gt, noHead], [pred, noHeadPred]);
    expect(r.convention).toBe('lip');
    expect(r.images).toBe(1);
    expect(r.excludedImages).toBe(1);
    expect(r.joints[0]!.pckh).toBe(1);
    expect(r.joints[1]!.pckh).toBe(0);
    expect(r.joints[6]).toMatchObject({ pckh: NaN, count: 0 });
    expect(r.joints[12]!.pckh).toBe(0);
    expect(r.head).toBe(1);
    expect(r.ankle).toBe(1);
    expect(r.knee).toBe(0.5);
    expect(r.shoulder).toBe(0.5);
    // upper body: joints 8..15, one miss (12) -> 7/8; mean: 14 joints, misses 1 and 12 -> 12/14
    expect(r.upperBody).toBe(7 / 8);
    expect(r.mean).toBe(12 / 14);
    expect(computePckh([gt], [pred], { threshold: 0.6 }).joints[1]!.pckh).toBe(1);
  });

  it('a ground truth without prediction is an error naming the id; extra predictions are counted', () => {
    expect(() => computePckh([gt, noHead], [pred])).toThrow('no prediction for image img2');
    const d = computeNormalisedJointDistances([gt], [pred, noHeadPred]);
    expect(d.unmatchedPredictions).toBe(1);
    expect(d.distances[0]).toBeCloseTo(0.5, 15);
    expect(d.distances[12]).toBe(Infinity);
  });

  it('MPII convention: 0.6 x head-box diagonal, head column = head top only, boxes required', () => {
    const boxes = new Map<string, HeadBox>([['img1', [0, 0, 30, 40]]]); // diagonal 50 -> head size 30 -> 15 px
    const r = computePckh([gt], [pred], { convention: 'mpii', headBoxes: boxes });
    expect(r.joints[1]!.pckh).toBe(1); // 6 px <= 15
    expect(computePckh([gt], [pred], { convention: 'mpii', headBoxes: boxes, threshold: 0.1 }).joints[1]!.pckh).toBe(0); // 6 > 3
    expect(() => computePckh([gt], [pred], { convention: 'mpii' })).toThrow('headBoxes are required');
    expect(() => computePckh([gt], [pred], { convention: 'mpii', headBoxes: new Map() })).toThrow('no head box for image img1');
  });
});

describe('PCKh parity with scripts/make_fixtures.py (CSV in, numbers out, 1e-12)', () => {
  const gt = parsePoseCsv(pckhFixture.gtCsv, 'gt.csv');
  const pred = parsePoseCsv(pckhFixture.predCsv, 'pred.csv');
  const headBoxes = new Map(Object.entries(pckhFixture.headBoxes) as unknown as [string, HeadBox][]);
  const close = (a: number, b: number | null, label: string) => {
    if (b === null) expect(a, label).toBeNaN();
    else expect(Math.abs(a - b), `${label}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12);
  };

  for (const convention of ['lip', 'mpii'] as const) {
    it(`${convention}: PCKh at 0.5, 0.2, 0.1 and the 0..0.5 curve`, () => {
      const expected = pckhFixture.expected[convention];
      for (const [t, e] of Object.entries(expected.at)) {
        const r = computePckh(gt, pred, { convention, headBoxes, threshold: Number(t) });
        expect(r.images).toBe(e.images);
        expect(r.excludedImages).toBe(e.excludedImages);
        for (const key of ['head', 'shoulder', 'elbow', 'wrist', 'hip', 'knee', 'ankle', 'upperBody', 'mean'] as const) {
          close(r[key], e[key] as number | null, `${convention}@${t} ${key}`);
        }
        r.joints.forEach((j, i) => {
          close(j.pckh, e.perJoint[i]!, `${convention}@${t} joint ${i}`);
          expect(j.count).toBe(e.counts[i]);
        });
      }
      const curve = computePckhCurve(gt, pred, { convention, headBoxes });
      expect(curve.thresholds).toHaveLength(51);
      curve.mean.forEach((m, k) => close(m, expected.curveMean[k]!, `${convention} curve ${k}`));
    });
  }

  it('the fixture excludes images without a head size only under the LIP convention', () => {
    expect(pckhFixture.expected.lip.at['0.5'].excludedImages).toBe(3);
    expect(pckhFixture.expected.mpii.at['0.5'].excludedImages).toBe(0);
  });
});
