// Reads the Keras fixtures of fixtures/make_fixtures.py (test-only helper).
import * as tf from '@tensorflow/tfjs-core';
import { fixtureFolder, type EncodedArray } from '@lip/runtime/testing';
import type { SsnanTrainMode } from '../training/ssnan-train-modes.js';

export const ssnanFixtures = fixtureFolder(new URL('../../fixtures/', import.meta.url));

export interface SsnanFixture {
  config: { widthMultiplier: number; blocksPerStage: [number, number, number, number]; attentionWidth: number; depth: 101; scales: number[]; numClasses: number; side: number };
  images: EncodedArray & { meanPixel: [number, number, number] };
  labels: EncodedArray;
  maskProb: { shape: number[]; file: string };
  gtCentres: number[][][];
  losses: Record<SsnanTrainMode, { attMaskLoss: number; pixelAcc: number; scale?: number }> & { finetune_training_bn: { attMaskLoss: number } };
  l2SumOfSquares: { all_finetune: number; head_finetune: number };
}

export const ssnanFixture = ssnanFixtures.json<SsnanFixture>('ssnan_tiny.json');

const bytes = (b64: string) => Buffer.from(b64, 'base64');

/** The fixture's images as the model input: float32(rgb) − mean, [2, 64, 64, 3]. */
export function fixtureImages(): tf.Tensor4D {
  const rgb = bytes(ssnanFixture.images.data);
  const [b, h, w] = ssnanFixture.images.shape as [number, number, number, number];
  const mean = ssnanFixture.images.meanPixel;
  const out = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) out[i] = rgb[i]! - mean[i % 3]!;
  return tf.tensor4d(out, [b, h, w, 3]);
}

/** int32 [2, 64, 64] labels (240 = padding). */
export function fixtureLabels(): tf.Tensor3D {
  const raw = bytes(ssnanFixture.labels.data);
  return tf.tensor3d(Int32Array.from(raw), ssnanFixture.labels.shape as [number, number, number], 'int32');
}

export function fixtureMaskProb(): Float32Array {
  const raw = ssnanFixtures.bytes(ssnanFixture.maskProb.file);
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}

export const fixtureSsnanConfig = () => {
  const { widthMultiplier, blocksPerStage, attentionWidth, depth } = ssnanFixture.config;
  return { widthMultiplier, blocksPerStage, attentionWidth, depth, seed: 3 } as const;
};
