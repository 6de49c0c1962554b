// The synthetic-pretrained SS-NAN the repository ships (models/ssnan-synthetic): it loads into the training CLI's
// library (as --model) and into the parser, and it parses the synthetic val images far better than a fresh model.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticSample, syntheticSampleIndex, writeSyntheticLip } from '@lip/dataset/synthetic';
import { trainSsnan } from '@lip/example-train-ssnan';
import { ConfusionMatrix } from '@lip/metrics';
import { createSsnan, predictSsnan } from '@lip/nan-head';
import { createSsnanParser } from '@lip/nan-head/node';
import { useBackend } from '@lip/runtime';
import type { LabelMap, RgbImage } from '@lip/schema';
import { SSNAN_PRETRAIN_CONFIG } from './pretrain/pretrain-config.js';
import { SHIPPED_SSNAN_MODEL } from './quickstart-defaults.js';

const { size, seed } = SSNAN_PRETRAIN_CONFIG.data;
/** The first val images of the synthetic split the starting point was measured on. */
const VAL = Array.from({ length: 6 }, (_, i) => generateSyntheticSample(seed, syntheticSampleIndex('val', i), size));

async function meanIoU(predict: (image: RgbImage) => Promise<LabelMap>): Promise<number> {
  const matrix = new ConfusionMatrix(20);
  for (const sample of VAL) matrix.update(sample.label, await predict(sample.image));
  return matrix.compute().meanIoU;
}

describe('the shipped synthetic-pretrained SS-NAN', () => {
  let dir: string;
  beforeAll(async () => {
    await useBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'lip-shipped-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('parses the synthetic val images far better than a fresh model (createSsnanParser from the folder)', async () => {
    const parser = await createSsnanParser({ model: SHIPPED_SSNAN_MODEL });
    const shipped = await meanIoU(async (image) => (await parser.parse(image, { inputSize: size })).segmentation.labels);
    parser.dispose();
    const { widthMultiplier, blocksPerStage } = SSNAN_PRETRAIN_CONFIG.architecture;
    const fresh = createSsnan({ widthMultiplier, ...(blocksPerStage ? { blocksPerStage } : {}), seed: 1 });
    const scratch = await meanIoU(async (image) => (await predictSsnan(fresh, image, { maxDim: size })).labels);
    fresh.dispose();
    // Measured 2026-12-07 (6 images, wasm): shipped 0.496, fresh 0.001 (with the 100-step head finetune before it:
    // 0.449; the ×0.125 model: 0.377). The margin leaves room for other backends and a retrained starting point.
    expect(shipped).toBeGreaterThan(scratch + 0.4);
  });

  it('starts a train-ssnan step (--model models/ssnan-synthetic)', async () => {
    const dataset = join(dir, 'data');
    await writeSyntheticLip(dataset, { train: 4, val: 1, size, seed });
    const result = await trainSsnan({
      dataset,
      trainMode: 'finetune',
      model: SHIPPED_SSNAN_MODEL,
      runDir: join(dir, 'run'),
      epochs: 1,
      stepsPerEpoch: 2,
      layers: 'head',
      batchSize: 2,
      learningRate: 0.0005,
      size,
      architecture: SSNAN_PRETRAIN_CONFIG.architecture,
      progress: false,
      log: () => {},
    });
    expect(result.startedFrom).toContain('ssnan-synthetic');
    expect(result.history?.steps.every((s) => Number.isFinite(s.loss))).toBe(true);
  });
});
