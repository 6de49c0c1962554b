import { describe, expect, it } from 'vitest';
import { prepareJppnetEval } from './jppnet-eval.js';
import { applyJppnetTrain, augmentJppnetTrain, decideJppnetTrain } from './jppnet-train.js';
import { SeededRandom, mirrorLabelMap, JPPNET_MEAN_BGR } from '@lip/schema';
import { resizeBilinearTf1 } from '@lip/image';

const W = 10;
const H = 6;
const image = { width: W, height: H, data: Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 7) % 256) };
const label = { width: W, height: H, data: Uint8Array.from({ length: W * H }, (_, i) => (i % W < 5 ? 14 : 3)) };
const heat = Uint8Array.from({ length: W * H * 16 }, (_, i) => ((i >> 4) * 16 + (i & 15)) % 256); // pixel·16 + channel

function bgrMinusMean(x: number, y: number, img = image): number[] {
  const o = (y * W + x) * 3;
  return [img.data[o + 2]! - JPPNET_MEAN_BGR[0], img.data[o + 1]! - JPPNET_MEAN_BGR[1], img.data[o]! - JPPNET_MEAN_BGR[2]].map(Math.fround);
}

describe('JPPNet training pipeline (LIP_JPPNet utils/lip_reader.py)', () => {
  it('scale < 1: square resize ignoring aspect, bottom/right pad (image 0 = mean, label 255, heatmap 0)', () => {
    // inputSize 16, scale 0.75 → int(16·0.75) = 12, padded to 16, crop at 0.
    const out = applyJppnetTrain(image, label, heat, { mirror: false, scale: 0.75, resizedSize: 12, cropX: 0, cropY: 0 }, { inputSize: 16 });
    const bgr = new Float32Array(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) bgr.set(bgrMinusMean(x, y), (y * W + x) * 3);
    const resized = resizeBilinearTf1(bgr, W, H, 3, 12, 12);
    expect([...out.image.subarray(0, 36)]).toEqual([...resized.subarray(0, 36)]); // first row, 12 pixels
    expect(out.image[(0 * 16 + 12) * 3]).toBe(0); // right padding
    expect(out.image[(13 * 16 + 0) * 3]).toBe(0); // bottom padding
    // Label nearest: x → floor(x·10/12); column 5 → source 4 (<5: 14), column 6 → source 5 (3).
    expect(out.label[5]).toBe(14);
    expect(out.label[6]).toBe(3);
    expect(out.label[12]).toBe(255);
    expect(out.label[13 * 16]).toBe(255);
    // Heatmaps: 16/8 = 2 → samples crop rows/cols 0 and 8 of the 12-pixel resized square.
    expect(out.heatmapSize).toBe(2);
    // (0,1): crop column 8 → source column floor(8·10/12) = 6, row 0.
    expect(out.heatmaps[1 * 16 + 3]).toBeCloseTo(((0 * W + 6) * 16 + 3) / 255, 6);
    // (1,1): source row floor(8·6/12) = 4, column 6.
    expect(out.heatmaps[(1 * 2 + 1) * 16]).toBeCloseTo((((4 * W + 6) * 16) % 256) / 255, 6);
    // With a smaller resize, the same cell falls in the padding: 0.
    const small = applyJppnetTrain(image, label, heat, { mirror: false, scale: 0.375, resizedSize: 6, cropX: 0, cropY: 0 }, { inputSize: 16 });
    expect(small.heatmaps[(1 * 2 + 1) * 16]).toBe(0);
  });

  it('mirror uses labels_rev (not the label) and permuted, reversed heatmaps', () => {
    const marker = { width: W, height: H, data: new Uint8Array(W * H).fill(7) };
    const out = applyJppnetTrain(image, label, heat, { mirror: true, scale: 1.25, resizedSize: 20, cropX: 4, cropY: 2 }, { inputSize: 16, labelRev: marker });
    expect(out.label.every((v) => v === 7)).toBe(true);
    // Without labelRev the mirrored, swapped label is used: left half 14 becomes right half 15.
    const auto = applyJppnetTrain(image, label, heat, { mirror: true, scale: 1, resizedSize: 10, cropX: 0, cropY: 0 }, { inputSize: 10 });
    expect([...auto.label.subarray(0, 10)]).toEqual([...mirrorLabelMap(label).data.subarray(0, 10)]);
    expect(auto.label[9]).toBe(15);
    // Image pixel (0,0) after mirror is source (W-1, 0).
    expect([...auto.image.subarray(0, 3)]).toEqual(bgrMinusMean(W - 1, 0));
    // Heatmap channel 0 (R_Ankle) of the mirrored sample is channel 5 (L_Ankle) of source column W-1.
    expect(auto.heatmaps[0]).toBeCloseTo((((W - 1) * 16 + 5) % 256) / 255, 6);
  });

  it('decisions follow the reference ranges and are deterministic from the seed', () => {
    for (let seed = 0; seed < 200; seed++) {
      const d = decideJppnetTrain(new SeededRandom(seed));
      expect(d.scale).toBeGreaterThanOrEqual(0.75);
      expect(d.scale).toBeLessThan(1.25);
      expect(d.resizedSize).toBe(Math.trunc(Math.fround(384 * d.scale)));
      const slack = Math.max(384, d.resizedSize) - 384;
      expect(d.cropX).toBeLessThanOrEqual(slack);
      expect(d.cropY).toBeLessThanOrEqual(slack);
    }
    const a = augmentJppnetTrain(image, label, heat, 42, { inputSize: 16 });
    const b = augmentJppnetTrain(image, label, heat, 42, { inputSize: 16 });
    expect(a.decisions).toEqual(b.decisions);
    expect([...a.image]).toEqual([...b.image]);
  });
});

describe('JPPNet evaluation inputs (LIP_JPPNet evaluate_parsing_JPPNet-s2.py)', () => {
  it('square resizes at 1, 0.75, 1.25 of the input size, plus the mirrored copy', () => {
    const out = prepareJppnetEval(image, { inputSize: 16 });
    expect(out.inputs.map((i) => i.size)).toEqual([16, 12, 20]);
    expect(prepareJppnetEval(image).inputs.map((i) => i.size)).toEqual([384, 288, 480]);
    const bgr = new Float32Array(W * H * 3);
    const flipped = new Float32Array(W * H * 3);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        bgr.set(bgrMinusMean(x, y), (y * W + x) * 3);
        flipped.set(bgrMinusMean(W - 1 - x, y), (y * W + x) * 3);
      }
    }
    expect([...out.inputs[1]!.image]).toEqual([...resizeBilinearTf1(bgr, W, H, 3, 12, 12)]);
    expect([...out.inputs[2]!.flipped!]).toEqual([...resizeBilinearTf1(flipped, W, H, 3, 20, 20)]);
    expect(prepareJppnetEval(image, { flip: false }).inputs[0]!.flipped).toBeNull();
  });
});
