import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from './confusion-matrix.js';
import { mirrorLabelMap, mirrorPose, parsePoseCsv } from '@lip/schema';
import { computePckh } from './pckh.js';
import pckhFixture from './__fixtures__/pckh.json' with { type: 'json' };

describe('left/right swap under flipping (parsing classes and pose joints)', () => {
  it('parsing metrics of mirrored gt and prediction: left and right classes exchange their IoU, means unchanged', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const size = { width: 17, height: 9 };
    const gt = Uint8Array.from({ length: 153 }, () => (random() < 0.05 ? 255 : 12 + Math.floor(random() * 8)));
    const pred = Uint8Array.from(gt, (v) => (v === 255 || random() < 0.3 ? 12 + Math.floor(random() * 8) : v));
    const original = new ConfusionMatrix(20).update(gt, pred, size).compute();
    const mirrored = new ConfusionMatrix(20).update(mirrorLabelMap({ data: gt, ...size }), mirrorLabelMap({ data: pred, ...size })).compute();
    for (const [a, b] of [[14, 15], [16, 17], [18, 19]] as const) {
      expect(mirrored.classes[a]!.iou).toBe(original.classes[b]!.iou);
      expect(mirrored.classes[b]!.accuracy).toBe(original.classes[a]!.accuracy);
    }
    expect(mirrored.meanIoU).toBeCloseTo(original.meanIoU, 14);
    expect(mirrored.pixelAccuracy).toBe(original.pixelAccuracy);
    // mirroring only the prediction (no swap of the ground truth) is not the same thing
    const wrong = new ConfusionMatrix(20).update(gt, mirrorLabelMap({ data: pred, ...size }), size).compute();
    expect(wrong.meanIoU).not.toBeCloseTo(original.meanIoU, 3);
  });

  it('mirrorPose swaps left/right joints and keeps PCKh columns (their per-joint values swap)', () => {
    const gt = parsePoseCsv(pckhFixture.gtCsv);
    const pred = parsePoseCsv(pckhFixture.predCsv);
    const width = 400;
    const r = computePckh(gt, pred);
    const m = computePckh(gt.map((p) => mirrorPose(p, width)), pred.map((p) => mirrorPose(p, width)));
    for (const [a, b] of [[0, 5], [1, 4], [2, 3], [10, 15], [11, 14], [12, 13]] as const) {
      expect(m.joints[a]!.pckh).toBe(r.joints[b]!.pckh);
    }
    for (const key of ['head', 'shoulder', 'elbow', 'wrist', 'hip', 'knee', 'ankle', 'upperBody', 'mean'] as const) {
      expect(m[key]).toBeCloseTo(r[key], 14);
    }
    const one = mirrorPose(gt[0]!, width);
    expect(one.x[5]).toBe(width - 1 - gt[0]!.x[0]!);
    expect(one.y[5]).toBe(gt[0]!.y[0]);
    expect(one.visibility![5]).toBe(gt[0]!.visibility![0]);
  });
});
