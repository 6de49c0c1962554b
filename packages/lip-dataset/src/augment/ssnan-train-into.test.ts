import { describe, expect, it } from 'vitest';
import { applySsnanTrain, applySsnanTrainInto, decideSsnanTrain, type SsnanTrainDecisions } from './ssnan-train.js';
import { SeededRandom, SSNAN_PAD_LABEL, LIP_LABEL_FLIP_LOOKUP, SSNAN_MEAN_RGB } from '@lip/schema';
import { resizeBilinearPillow, resizeLabelScipyZoomNearest } from '@lip/image';
import { setResampleWasmEnabled } from '@lip/image/internal';

function noiseImage(width: number, height: number, seed: number): { width: number; height: number; data: Uint8Array } {
  const r = new SeededRandom(seed);
  return { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => r.int(256)) };
}

/** The SS-NAN training augmentation composed step by step: full resize, crop, pad, flip, mean. */
function composed(image: { width: number; height: number; data: Uint8Array }, label: { width: number; height: number; data: Uint8Array }, d: SsnanTrainDecisions, size: number) {
  const scaled = resizeBilinearPillow(image, d.scaledWidth, d.scaledHeight);
  const scaledLabel = resizeLabelScipyZoomNearest(label, d.scaledWidth, d.scaledHeight);
  const canvas = new Uint8Array(size * size * 3);
  const canvasLabel = new Uint8Array(size * size).fill(SSNAN_PAD_LABEL);
  const cw = Math.min(d.scaledWidth, size);
  const ch = Math.min(d.scaledHeight, size);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const s = (d.cropY + y) * d.scaledWidth + d.cropX + x;
      const t = (d.padTop + y) * size + d.padLeft + x;
      canvas.set(scaled.data.subarray(s * 3, s * 3 + 3), t * 3);
      canvasLabel[t] = scaledLabel.data[s]!;
    }
  }
  const image32 = new Float32Array(size * size * 3);
  const labelOut = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = d.flip ? size - 1 - x : x;
      const s = y * size + sx;
      for (let c = 0; c < 3; c++) image32[(y * size + x) * 3 + c] = canvas[s * 3 + c]! - SSNAN_MEAN_RGB[c]!;
      labelOut[y * size + x] = d.flip ? LIP_LABEL_FLIP_LOOKUP[canvasLabel[s]!]! : canvasLabel[s]!;
    }
  }
  return { image: image32, label: labelOut };
}

describe('applySsnanTrain (fused region resize, flip and mean)', () => {
  it('equals the step-by-step composition for random sizes, scales, crops and flips', () => {
    const r = new SeededRandom(11);
    const scales = [0.3, 0.6, 0.8, 1.0, 1.2, 1.4, 2.1];
    for (let n = 0; n < 40; n++) {
      const width = 5 + r.int(60);
      const height = 5 + r.int(60);
      const size = 8 + r.int(40);
      const image = noiseImage(width, height, n);
      const label = { width, height, data: Uint8Array.from({ length: width * height }, () => r.int(20)) };
      const d = decideSsnanTrain(width, height, r, { size, scales });
      const fused = applySsnanTrain(image, label, d, { size });
      const ref = composed(image, label, d, size);
      expect(Buffer.from(fused.image.buffer).equals(Buffer.from(ref.image.buffer)), `case ${n}: ${JSON.stringify(d)}`).toBe(true);
      expect(Buffer.from(fused.label).equals(Buffer.from(ref.label)), `case ${n} labels`).toBe(true);
    }
  });

  it('gives the same bytes with the WebAssembly kernels as with the JavaScript loops, for 1–6 taps and beyond', () => {
    const r = new SeededRandom(12);
    const scales = [0.22, 0.3, 0.4, 0.55, 0.6, 0.8, 1.0, 1.2, 1.4, 2.5];
    const taps = new Set<number>();
    for (let n = 0; n < 30; n++) {
      const width = 9 + r.int(90);
      const height = 9 + r.int(90);
      const size = 8 + r.int(56);
      const image = noiseImage(width, height, 100 + n);
      const label = { width, height, data: Uint8Array.from({ length: width * height }, () => r.int(20)) };
      const d = decideSsnanTrain(width, height, r, { size, scales });
      taps.add(Math.ceil(1 / Math.min(1, d.scale)));
      setResampleWasmEnabled(false);
      const js = applySsnanTrain(image, label, d, { size });
      setResampleWasmEnabled(true);
      const simd = applySsnanTrain(image, label, d, { size });
      expect(Buffer.from(simd.image.buffer).equals(Buffer.from(js.image.buffer)), `case ${n}: ${JSON.stringify(d)}`).toBe(true);
      expect(Buffer.from(simd.label).equals(Buffer.from(js.label)), `case ${n} labels`).toBe(true);
    }
    expect(taps.size).toBeGreaterThanOrEqual(4);
  });

  it('writes into a batch slot, every value of it, and nothing outside', () => {
    const image = noiseImage(30, 20, 3);
    const label = { width: 30, height: 20, data: new Uint8Array(600).fill(14) };
    const size = 16;
    const d = decideSsnanTrain(30, 20, new SeededRandom(5), { size, scales: [0.6] });
    const alone = applySsnanTrain(image, label, d, { size });
    const images = new Float32Array(3 * size * size * 3).fill(Number.NaN);
    const labels = new Uint8Array(3 * size * size).fill(99);
    applySsnanTrainInto(image, label, d, { image: images, imageOffset: size * size * 3, label: labels, labelOffset: size * size }, { size });
    expect(Buffer.from(images.subarray(size * size * 3, 2 * size * size * 3).slice().buffer).equals(Buffer.from(alone.image.buffer))).toBe(true);
    expect(Buffer.from(labels.subarray(size * size, 2 * size * size)).equals(Buffer.from(alone.label))).toBe(true);
    expect(images.subarray(0, size * size * 3).every(Number.isNaN)).toBe(true);
    expect(images.subarray(2 * size * size * 3).every(Number.isNaN)).toBe(true);
    expect(labels.subarray(0, size * size).every((v) => v === 99)).toBe(true);
    expect(() => applySsnanTrainInto(image, label, d, { image: images, imageOffset: 2 * size * size * 3 + 1, label: labels, labelOffset: 0 }, { size })).toThrow(/too short/);
  });
});
