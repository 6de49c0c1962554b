import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createJointHeatmaps } from '../heatmaps/create-joint-heatmaps.js';
import { applySsnanTrain } from './ssnan-train.js';
import { parsePoseCsv, SSNAN_MEAN_RGB, computeSsnanResize } from '@lip/schema';
import { resizeBilinearPillow, resizeLabelScipyZoomNearest, prepareSsnanEval } from '@lip/image';
import { resampleWasmKernels, setResampleWasmEnabled } from '@lip/image/internal';

// Produced by fixtures/make_reference_fixtures.py with Pillow, scipy and the create_heatmaps.py code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixture JSON
const ref: any = JSON.parse(readFileSync(new URL('./__fixtures__/reference.json', import.meta.url), 'utf8'));
const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
const image = { width: ref.source.width, height: ref.source.height, data: bytes(ref.source.image) };
const label = { width: ref.source.width, height: ref.source.height, data: bytes(ref.source.label) };
const noise = { width: ref.noiseSource.width, height: ref.noiseSource.height, data: bytes(ref.noiseSource.image) };
const noiseLabel = { width: ref.noiseSource.width, height: ref.noiseSource.height, data: bytes(ref.noiseSource.label) };

function expectMeanSubtracted(actual: Float32Array, uint8: Uint8Array): void {
  expect(actual.length).toBe(uint8.length);
  for (let i = 0; i < uint8.length; i++) {
    // numpy: float32 image minus the float64 MEAN_PIXEL is float64, then fed to the model as float32.
    const expected = Math.fround(uint8[i]! - SSNAN_MEAN_RGB[i % 3]!);
    if (actual[i] !== expected) expect(`${i}: ${actual[i]}`).toBe(`${i}: ${expected}`);
  }
}

describe('resamplers against Pillow and scipy', () => {
  it.each<[string, any]>(ref.pillowBilinear.map((c: { width: number; height: number }) => [`${c.width}x${c.height}`, c]))(
    'Pillow bilinear → %s is byte-identical',
    (_name, c) => {
      const out = resizeBilinearPillow(image, c.width, c.height);
      expect(Buffer.from(out.data).equals(Buffer.from(bytes(c.data)))).toBe(true);
    },
  );

  it.each<[string, any]>(ref.noiseBilinear.map((c: { width: number; height: number }) => [`${c.width}x${c.height}`, c]))(
    'Pillow bilinear of a full-range noise image → %s is byte-identical',
    (_name, c) => {
      const out = resizeBilinearPillow(noise, c.width, c.height);
      expect(Buffer.from(out.data).equals(Buffer.from(bytes(c.data)))).toBe(true);
    },
  );

  it.each<[string, any]>(ref.zoomNearest.map((c: { width: number; height: number }) => [`${c.width}x${c.height}`, c]))(
    'scipy.ndimage.zoom(order=0) → %s is identical',
    (_name, c) => {
      const out = resizeLabelScipyZoomNearest(label, c.width, c.height);
      expect([...out.data]).toEqual([...bytes(c.data)]);
    },
  );
});

describe('SS-NAN pipelines against the reference', () => {
  it('runs the WebAssembly SIMD kernels on this Node (the JavaScript passes are checked too)', () => {
    expect(resampleWasmKernels()).not.toBeNull();
  });

  it('resize_image geometry (Python rounding, min/max dim, centred window)', () => {
    for (const g of ref.resizeGeometry) {
      const out = computeSsnanResize(g.w, g.h, g.minDim, g.maxDim);
      expect(out.scale).toBeCloseTo(g.scale, 12);
      expect([out.resizedHeight, out.resizedWidth]).toEqual([g.resizedHeight, g.resizedWidth]);
      expect(out.window).toEqual(g.window);
    }
  });

  it.each<[string, any]>(ref.ssnanTrain.map((c: { scale: number; flip: boolean; cropX: number; size: number }) => [`scale ${c.scale} size ${c.size} crop ${c.cropX} flip ${c.flip}`, c]))(
    'training augmentation, %s',
    (_name, c) => {
      const sw = Math.round(image.width * c.scale);
      const sh = Math.round(image.height * c.scale);
      const decisions = {
        scale: c.scale,
        scaledWidth: sw,
        scaledHeight: sh,
        cropX: sw > c.size ? c.cropX : 0,
        cropY: sh > c.size ? c.cropY : 0,
        padLeft: sw < c.size ? (c.size - sw) >> 1 : 0,
        padTop: sh < c.size ? (c.size - sh) >> 1 : 0,
        flip: c.flip,
      };
      for (const simd of [true, false]) {
        setResampleWasmEnabled(simd);
        const out = applySsnanTrain(image, label, decisions, { size: c.size });
        expectMeanSubtracted(out.image, bytes(c.image));
        expect([...out.label]).toEqual([...bytes(c.label)]);
      }
      setResampleWasmEnabled(true);
    },
  );

  it.each<[string, any]>(ref.noiseTrain.map((c: { scale: number; flip: boolean; cropX: number; size: number }) => [`scale ${c.scale} size ${c.size} crop ${c.cropX} flip ${c.flip}`, c]))(
    'training augmentation of a full-range noise image, %s',
    (_name, c) => {
      const sw = Math.round(noise.width * c.scale);
      const sh = Math.round(noise.height * c.scale);
      const decisions = {
        scale: c.scale,
        scaledWidth: sw,
        scaledHeight: sh,
        cropX: sw > c.size ? c.cropX : 0,
        cropY: sh > c.size ? c.cropY : 0,
        padLeft: sw < c.size ? (c.size - sw) >> 1 : 0,
        padTop: sh < c.size ? (c.size - sh) >> 1 : 0,
        flip: c.flip,
      };
      for (const simd of [true, false]) {
        setResampleWasmEnabled(simd);
        const out = applySsnanTrain(noise, noiseLabel, decisions, { size: c.size });
        expectMeanSubtracted(out.image, bytes(c.image));
        expect(Buffer.from(out.label).equals(Buffer.from(bytes(c.label)))).toBe(true);
      }
      setResampleWasmEnabled(true);
    },
  );

  it.each<[string, any]>(ref.ssnanEval.map((c: { minDim: number; maxDim: number }) => [`min ${c.minDim} max ${c.maxDim}`, c]))('evaluation input, %s', (_name, c) => {
    const out = prepareSsnanEval(image, label, { minDim: c.minDim, maxDim: c.maxDim });
    expect(out.geometry.window).toEqual(c.geometry.window);
    expectMeanSubtracted(out.image, bytes(c.image));
    expect([...out.label!]).toEqual([...bytes(c.label)]);
    expect([out.originalWidth, out.originalHeight]).toEqual([image.width, image.height]);
  });
});

describe('JPPNet heatmaps against create_heatmaps.py', () => {
  it('matches every channel byte for byte (nan, clamping, edges, c + r = 0, fractions)', () => {
    const { width, height, row, channels } = ref.heatmaps;
    const joints = parsePoseCsv(['x.jpg', ...row].join(','), 'fixture')[0]!;
    const maps = createJointHeatmaps(joints, width, height);
    for (let k = 0; k < 16; k++) {
      const expected = channels[String(k)] ? bytes(channels[String(k)]) : new Uint8Array(width * height);
      const actual = new Uint8Array(width * height);
      for (let i = 0; i < actual.length; i++) actual[i] = maps[i * 16 + k]!;
      expect(Buffer.from(actual).equals(Buffer.from(expected)), `channel ${k}`).toBe(true);
    }
  });
});
