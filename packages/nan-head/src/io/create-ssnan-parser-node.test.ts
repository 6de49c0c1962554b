import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ModelLoadError, useBackend, WeightImportError } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { createSsnan } from '../model/create-ssnan.js';
import type { SsnanParser } from '../parser/ssnan-parser.js';
import { ssnanFixture, ssnanFixtures } from '../testing/ssnan-fixture.js';
import { noiseRgbImage } from '@lip/runtime/testing';
import { createTinySsnan, referenceSsnanLabels } from '../testing/tiny-ssnan-parser.js';
import { loadSsnanWeightsFile } from '../weights/load-ssnan-weights-file.js';
import { createSsnanParser } from './create-ssnan-parser-node.js';

const root = mkdtempSync(join(tmpdir(), 'ssnan-parser-node-'));
const inputSize = 32;
const img = noiseRgbImage(7, 26, 30);
const { widthMultiplier, blocksPerStage, attentionWidth, depth } = ssnanFixture.config;
const fixtureConfig = { widthMultiplier, blocksPerStage, attentionWidth, depth };
let labels: number[];

async function parsedLabels(parser: SsnanParser): Promise<number[]> {
  try {
    return Array.from((await parser.parse(img, { inputSize })).segmentation.labels.data);
  } finally {
    parser.dispose();
  }
}

/** Saves `model.json` + shards, then edits model.json. */
async function save(ssnan: ReturnType<typeof createTinySsnan>, dir: string, edit?: (json: tf.io.ModelJSON) => void): Promise<void> {
  await ssnan.model.save(nodeFileSystem(join(root, dir)));
  if (!edit) return;
  const json = JSON.parse(readFileSync(join(root, dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  edit(json);
  writeFileSync(join(root, dir, 'model.json'), JSON.stringify(json));
}

beforeAll(async () => {
  await useBackend('cpu');
  const ssnan = createTinySsnan();
  labels = await referenceSsnanLabels(ssnan, img, inputSize);
  await save(ssnan, 'model');
  // What train-ssnan writes: run.json with the architecture, then per mode checkpoints/latest.json and step folders
  // holding model.json without a config (fileCheckpointStore).
  const checkpoint = (json: tf.io.ModelJSON) => {
    delete json.userDefinedMetadata;
    json.convertedBy = '@lip/runtime fileCheckpointStore';
  };
  mkdirSync(join(root, 'run'), { recursive: true });
  writeFileSync(
    join(root, 'run', 'run.json'),
    JSON.stringify({ format: 'lip-train-ssnan-run', version: 1, architecture: { depth: 101, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], attentionWidth: 16 }, createdAt: '' }),
  );
  const other = createTinySsnan({ seed: 99 });
  await save(other, 'run/pretrain/checkpoints/step-000000002', checkpoint);
  other.dispose();
  writeFileSync(join(root, 'run/pretrain/checkpoints/latest.json'), JSON.stringify({ checkpoint: 'step-000000002', step: 2, savedAt: '2025-01-01T00:00:00.000Z' }));
  await save(ssnan, 'run/finetune/checkpoints/step-000000004', checkpoint);
  writeFileSync(join(root, 'run/finetune/checkpoints/latest.json'), JSON.stringify({ checkpoint: 'step-000000004', step: 4, savedAt: '2025-01-02T00:00:00.000Z' }));
  await save(ssnan, 'lone-checkpoint', checkpoint);
  ssnan.dispose();
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'notes.txt'), 'hello');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createSsnanParser (@lip/nan-head/node)', () => {
  it('takes a web model folder, its model.json and a file:// URL', async () => {
    expect(await parsedLabels(await createSsnanParser({ model: join(root, 'model') }))).toEqual(labels);
    expect(await parsedLabels(await createSsnanParser({ model: join(root, 'model', 'model.json') }))).toEqual(labels);
    expect(await parsedLabels(await createSsnanParser({ model: pathToFileURL(join(root, 'model', 'model.json')).href }))).toEqual(labels);
  });

  it('takes train-ssnan output: a run folder (its newest checkpoint, the config from run.json), a checkpoints folder, a checkpoint', async () => {
    expect(await parsedLabels(await createSsnanParser({ model: join(root, 'run') }))).toEqual(labels);
    expect(await parsedLabels(await createSsnanParser({ model: join(root, 'run', 'finetune') }))).toEqual(labels);
    expect(await parsedLabels(await createSsnanParser({ model: join(root, 'run', 'finetune', 'checkpoints') }))).toEqual(labels);
    expect(await parsedLabels(await createSsnanParser({ model: join(root, 'run', 'finetune', 'checkpoints', 'step-000000004') }))).toEqual(labels);
    // A checkpoint outside a run carries no config: it must be given.
    await expect(createSsnanParser({ model: join(root, 'lone-checkpoint') })).rejects.toThrow(
      /lone-checkpoint\/model.json: a train\(\) checkpoint carries no SS-NAN config and no train-ssnan run.json is above it: pass config/,
    );
    const config = { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] as const, attentionWidth: 16 };
    expect(await parsedLabels(await createSsnanParser({ model: join(root, 'lone-checkpoint'), config }))).toEqual(labels);
  });

  it("takes the authors' SS-NAN .h5 as it is, as loadSsnanWeightsFile loads it", async () => {
    const h5 = ssnanFixtures.path('ssnan_tiny.h5');
    const ssnan = createSsnan(fixtureConfig);
    await loadSsnanWeightsFile(ssnan, h5);
    const expected = await referenceSsnanLabels(ssnan, img, inputSize);
    ssnan.dispose();
    const progress: number[] = [];
    expect(await parsedLabels(await createSsnanParser({ model: h5, config: fixtureConfig, onProgress: (f) => progress.push(f) }))).toEqual(expected);
    expect(progress).toEqual([1]);
  });

  it('refuses what is not an SS-NAN for LIP, naming the path, and leaves nothing allocated', async () => {
    const before = tf.memory().numTensors;
    const flat = ssnanFixtures.path('pspnet_tiny_flat.h5');
    const pspnet = await createSsnanParser({ model: flat, config: fixtureConfig }).catch((e: Error) => e);
    expect(pspnet).toBeInstanceOf(WeightImportError);
    expect((pspnet as Error).message).toMatch(/pspnet_tiny_flat.h5 is a PSPNet-Keras file: it holds a trunk but no SS-NAN head .*createPspnetParser/);
    // Another network than the file's.
    await expect(createSsnanParser({ model: ssnanFixtures.path('ssnan_tiny.h5'), config: { ...fixtureConfig, blocksPerStage: [1, 1, 2, 1] } })).rejects.toThrow(/ssnan_tiny.h5 into SS-NAN: \d+ weight\(s\) of the trunk 'resnet101_model' are not in the file/);
    await expect(createSsnanParser({ model: ssnanFixtures.path('ssnan_tiny.h5'), config: { ...fixtureConfig, numClasses: 7 } })).rejects.toThrow(
      /ssnan_tiny.h5: it is an SS-NAN with 7 classes; a LIP parser needs 20/,
    );
    await expect(createSsnanParser({ model: join(root, 'nowhere') })).rejects.toThrow(/nowhere: no such file or folder/);
    await expect(createSsnanParser({ model: join(root, 'empty') })).rejects.toThrow(/empty: no SS-NAN model in this folder: expected a web model folder/);
    const notes = await createSsnanParser({ model: join(root, 'notes.txt') }).catch((e: Error) => e);
    expect(notes).toBeInstanceOf(ModelLoadError);
    expect((notes as Error).message).toMatch(/notes.txt: not a model file/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
