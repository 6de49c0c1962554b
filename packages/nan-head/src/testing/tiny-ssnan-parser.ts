// Test-only: tiny SS-NANs saved as web models, images, and the reference computation the parser must reproduce.
import * as tf from '@tensorflow/tfjs-core';
import { LIP_CLASS_FLIP_PERMUTATION, type RawPixels, type RgbImage } from '@lip/schema';
import { createSsnan } from '../model/create-ssnan.js';
import type { SsnanConfig } from '../model/ssnan-config.js';
import type { Ssnan } from '../model/ssnan.js';
import { mirrorRgbImage } from '@lip/runtime/testing';
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


/**
 * The labels SS-NAN's evaluation gives (`predictSsnan`), and with `mirror` the arg-max of the mean of the image's
 * probabilities and the mirrored image's, mirrored back with the left/right channels swapped: written here
 * independently of the parser.
 */
export async function referenceSsnanLabels(ssnan: Ssnan, image: RgbImage, maxDim: number, mirror = false): Promise<number[]> {
  const plain = await predictSsnan(ssnan, image, { maxDim, returnProbabilities: true });
  if (!mirror) return Array.from(plain.labels.data);
  const flipped = (await predictSsnan(ssnan, mirrorRgbImage(image), { maxDim, returnProbabilities: true })).probabilities!;
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
