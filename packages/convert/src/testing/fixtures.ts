// Test-only: the tiny reference files of the model packages (written by their fixtures/make_fixtures.py).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { JppnetConfig } from '@lip/jppnet';
import type { SsnanConfig } from '@lip/nan-head';
import type { PspnetConfig } from '@lip/pspnet';
import { generateSyntheticSample } from '@lip/dataset/synthetic';
import type { RgbImage } from '@lip/schema';

const packages = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** JPPNet-s2 at width 1/32 as a tf.compat.v1 Saver checkpoint (Momentum slots, global_step). */
export const JPPNET_CHECKPOINT = packages('jppnet/fixtures/jppnet-tiny.ckpt');
/** An SS-NAN Keras 2 file: nested resnet101_model + mask_* head, width 1/32, one block per stage, attention 16. */
export const SSNAN_H5 = packages('nan-head/fixtures/ssnan_tiny.h5');
/** A PSPNet-Keras Keras 3 legacy .h5: ResNet-101 naming, width 1/32, one block per stage, 41², 5 classes. */
export const PSPNET_H5 = packages('pspnet/fixtures/pspnet-41.h5');
/** A 20-class (LIP) PSPNet-Keras file: one a parser can load. */
export const PSPNET_LIP_H5 = packages('pspnet/fixtures/pspnet-41-lip.h5');
/** A PSPNet trunk alone (no conv5_4, no conv6): names of no whole network. */
export const PSPNET_TRUNK_H5 = packages('pspnet/fixtures/pspnet-trunk.h5');

const json = <T>(path: string): T => JSON.parse(readFileSync(packages(path), 'utf8')) as T;

export const jppnetTinyConfig = (): JppnetConfig => json<{ config: JppnetConfig }>('jppnet/fixtures/jppnet-tiny.json').config;
export const ssnanTinyConfig = (): SsnanConfig => {
  const { widthMultiplier, blocksPerStage, attentionWidth, depth } = json<{ config: Required<SsnanConfig> }>('nan-head/fixtures/ssnan_tiny.json').config;
  return { widthMultiplier, blocksPerStage, attentionWidth, depth };
};
export const pspnetTinyConfig = (): PspnetConfig => json<{ config: PspnetConfig }>('pspnet/fixtures/pspnet-41.json').config;

/** A fresh temporary folder, removed by the returned function. */
export async function temporaryFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lip-convert-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Every weight of a model by tfjs name, as plain arrays. */
/** The share of pixels two parsers label alike on one synthetic image; disposes both parsers. */
export async function parserAgreement(a: HumanParserLike, b: HumanParserLike, size: number): Promise<number> {
  const { image } = generateSyntheticSample(1, 0, size);
  try {
    const [x, y] = [(await a.parse(image)).segmentation.labels.data, (await b.parse(image)).segmentation.labels.data];
    return x.filter((label, i) => label === y[i]).length / x.length;
  } finally {
    a.dispose();
    b.dispose();
  }
}

interface HumanParserLike {
  parse(image: RgbImage): Promise<{ segmentation: { labels: { data: Uint8Array } } }>;
  dispose(): void;
}

export function weightValues(model: tfl.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, Float32Array.from(w.read().dataSync() as Float32Array)]));
}

/** Largest |a − b| − 1e-3·|a| over all elements (≤ 2^-24 when b is a within half precision, subnormals included). */
export function halfPrecisionExcess(a: Float32Array, b: Float32Array): number {
  let worst = -Infinity;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) - 1e-3 * Math.abs(a[i]!));
  return worst;
}

export const HALF_SUBNORMAL_STEP = 2 ** -24;

export function disposeAll(tensors: Record<string, tf.Tensor>): void {
  tf.dispose(Object.values(tensors));
}
