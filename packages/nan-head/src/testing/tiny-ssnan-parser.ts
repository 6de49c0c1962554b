// Test-only: tiny SS-NANs saved as web models, images, and the reference computation the parser must reproduce.
import * as tf from '@tensorflow/tfjs-core';
import { LIP_CLASS_FLIP_PERMUTATION, type RawPixels, type RgbImage } from '@lip/schema';
import { createSsnan } from '../model/create-ssnan.js';
import type { SsnanConfig } from '../model/ssnan-config.js';
import type { Ssnan } from '../model/ssnan.js';
import { predictSsnan } from '../inference/predict-ssnan.js';
import { argmaxClasses } from '../inference/unmould-ssnan-probabilities.js';

/** An SS-NAN small enough for unit tests (random weights). */
export const TINY_SSNAN_CONFIG: SsnanConfig = { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], attentionWidth: 16, seed: 5 };

export function createTinySsnan(config: SsnanConfig = {}): Ssnan {
  return createSsnan({ ...TINY_SSNAN_CONFIG, ...config });
}

/** What `ssnan.model.save` writes (topology, weights, the SS-NAN config in the metadata), in memory. */
export async function ssnanWebModelArtifacts(ssnan: Ssnan): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await ssnan.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** A deterministic RGB image, bytes. */
export function testImage(seed: number, width: number, height: number): RgbImage & RawPixels {
  const data = new Uint8Array(height * width * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = Math.floor((s / 2147483648) * 256);
  }
  return { width, height, data };
}

export function mirrorImage({ width, height, data }: RgbImage): RgbImage {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.set(data.subarray(3 * (y * width + width - 1 - x), 3 * (y * width + width - x)), 3 * (y * width + x));
  return { width, height, data: out };
}

/**
 * The labels SS-NAN's evaluation gives (`predictSsnan`), and with `mirror` the arg-max of the mean of the image's
 * probabilities and the mirrored image's, mirrored back with the left/right channels swapped: written here
 * independently of the parser.
 */
export async function referenceSsnanLabels(ssnan: Ssnan, image: RgbImage, maxDim: number, mirror = false): Promise<number[]> {
  const plain = await predictSsnan(ssnan, image, { maxDim, returnProbabilities: true });
  if (!mirror) return Array.from(plain.labels.data);
  const flipped = (await predictSsnan(ssnan, mirrorImage(image), { maxDim, returnProbabilities: true })).probabilities!;
  const p = plain.probabilities!;
  const { width, height } = image;
  const fused = new Float32Array(p.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 20; c++) {
        fused[(y * width + x) * 20 + c] = (p[(y * width + x) * 20 + c]! + flipped[(y * width + (width - 1 - x)) * 20 + LIP_CLASS_FLIP_PERMUTATION[c]!]!) / 2;
      }
    }
  }
  return Array.from(argmaxClasses(fused, 20));
}
