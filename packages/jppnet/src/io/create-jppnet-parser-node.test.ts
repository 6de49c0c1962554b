import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend, WeightImportError } from '@lip/runtime';
import type { RawPixels } from '@lip/schema';
import { inferJppnet } from '../inference/infer-jppnet.js';
import { createJppnet } from '../model/create-jppnet.js';
import type { JppnetParser } from '../parser/jppnet-parser.js';
import { jppnetFixtures, readJppnetFixture } from '../testing/fixture.js';
import { createTinyJppnet } from '../testing/tiny-web-model.js';
import { loadJppnetWeightsFile } from '../weights/read-jppnet-weights-file.js';
import { createJppnetParser } from './create-jppnet-parser-node.js';
import { saveJppnet } from './jppnet-model-files.js';

const root = mkdtempSync(join(tmpdir(), 'jppnet-parser-node-'));
const fixture = readJppnetFixture();
const inputSize = 32;
const img: RawPixels = { width: 26, height: 30, data: Uint8Array.from({ length: 26 * 30 * 3 }, (_, i) => (i * 97) % 256) };
let labels: number[];

async function parsedLabels(parser: JppnetParser): Promise<number[]> {
  try {
    return Array.from((await parser.parse(img, { inputSize })).segmentation.labels.data);
  } finally {
    parser.dispose();
  }
}

beforeAll(async () => {
  await useBackend('cpu');
  const jppnet = createTinyJppnet();
  await saveJppnet(jppnet, join(root, 'model'));
  // What train()'s checkpoints hold: the weights without the JPPNet config, in a step folder named by latest.json.
  jppnet.model.setUserDefinedMetadata({});
  await saveJppnet(jppnet, join(root, 'run', 'step-000000004'));
  writeFileSync(join(root, 'run', 'latest.json'), JSON.stringify({ checkpoint: 'step-000000004', step: 4 }));
  const { parsing, pose } = inferJppnet(jppnet, img, { inputSize, scales: [1], flip: false });
  labels = tf.tidy(() => Array.from(tf.argMax(parsing, 2).dataSync()));
  tf.dispose([parsing, pose]);
  jppnet.dispose();
  // The reference's checkpoint folder: the files and a `checkpoint` state file naming them.
  mkdirSync(join(root, 'tf'));
  for (const suffix of ['.index', '.data-00000-of-00001']) copyFileSync(jppnetFixtures.path(`jppnet-tiny.ckpt${suffix}`), join(root, 'tf', `model.ckpt-7${suffix}`));
  writeFileSync(join(root, 'tf', 'checkpoint'), 'model_checkpoint_path: "model.ckpt-7"\nall_model_checkpoint_paths: "model.ckpt-7"\n');
  mkdirSync(join(root, 'empty'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createJppnetParser (@lip/jppnet/node)', () => {
  it('takes a model folder, its model.json and a file:// URL', async () => {
    expect(await parsedLabels(await createJppnetParser({ model: join(root, 'model') }))).toEqual(labels);
    expect(await parsedLabels(await createJppnetParser({ model: join(root, 'model', 'model.json') }))).toEqual(labels);
    expect(await parsedLabels(await createJppnetParser({ model: pathToFileURL(join(root, 'model', 'model.json')).href }))).toEqual(labels);
  });

  it("takes train()'s checkpoints (a step folder, or the folder of latest.json) given the config", async () => {
    await expect(createJppnetParser({ model: join(root, 'run', 'step-000000004') })).rejects.toThrow(/step-000000004\/model.json: not a 'jppnet' model: model.json's userDefinedMetadata has no 'jppnet' entry/);
    const config = createTinyJppnet().config;
    expect(await parsedLabels(await createJppnetParser({ model: join(root, 'run'), config }))).toEqual(labels);
    expect(await parsedLabels(await createJppnetParser({ model: join(root, 'run', 'step-000000004'), config }))).toEqual(labels);
  });

  it("takes the reference's TF checkpoint as it is: prefix, .index file or folder with a 'checkpoint' file", async () => {
    const reference = createJppnet(fixture.config);
    await loadJppnetWeightsFile(reference, jppnetFixtures.path(fixture.checkpoint));
    const { parsing, pose } = inferJppnet(reference, img, { inputSize, scales: [1], flip: false });
    const expected = tf.tidy(() => Array.from(tf.argMax(parsing, 2).dataSync()));
    tf.dispose([parsing, pose]);
    reference.dispose();
    const progress: number[] = [];
    expect(await parsedLabels(await createJppnetParser({ model: join(root, 'tf'), config: fixture.config, onProgress: (f) => progress.push(f) }))).toEqual(expected);
    expect(progress).toEqual([1]);
    expect(await parsedLabels(await createJppnetParser({ model: join(root, 'tf', 'model.ckpt-7'), config: fixture.config }))).toEqual(expected);
    expect(await parsedLabels(await createJppnetParser({ model: join(root, 'tf', 'model.ckpt-7.index'), config: fixture.config }))).toEqual(expected);
  });

  it('names what it cannot use, and leaves nothing allocated', async () => {
    const before = tf.memory().numTensors;
    const error = await createJppnetParser({ model: join(root, 'tf'), config: { ...fixture.config, refinementStages: 1 } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(WeightImportError);
    expect((error as Error).message).toMatch(/38 tensor\(s\) in the file match no model weight: fc3_parsing/);
    await expect(createJppnetParser({ model: join(root, 'tf'), config: { ...fixture.config, numClasses: 7 } })).rejects.toThrow(/tf: it is a JPPNet with 7 classes and 16 joints; a LIP parser needs 20 classes and 16 joints/);
    await expect(createJppnetParser({ model: join(root, 'nowhere') })).rejects.toThrow(/nowhere: no such file, folder or TF checkpoint prefix \(no nowhere.index in /);
    await expect(createJppnetParser({ model: join(root, 'empty') })).rejects.toThrow(/empty: no JPPNet model in this folder: expected a folder with model.json/);
    await expect(createJppnetParser({ model: join(root, 'tf', 'checkpoint') })).rejects.toThrow(/checkpoint: not a model file/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
