import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, useBackend } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import type { RawPixels } from '@lip/schema';
import { createPspnet } from '../pspnet/create-pspnet.js';
import type { PspnetParser } from '../parser/pspnet-parser.js';
import { decodeFloat32, type EncodedArray } from '@lip/runtime/testing';
import { pspnetFixtures, readCase } from '../testing/fixture-case.js';
import { createPspnetParser } from './create-pspnet-parser-node.js';

const root = mkdtempSync(join(tmpdir(), 'pspnet-parser-node-'));
const img: RawPixels = { width: 26, height: 30, data: Uint8Array.from({ length: 26 * 30 * 3 }, (_, i) => (i * 97) % 256) };
let labels: number[];

async function parsedLabels(parser: PspnetParser, image: RawPixels = img): Promise<number[]> {
  try {
    return Array.from((await parser.parse(image)).segmentation.labels.data);
  } finally {
    parser.dispose();
  }
}

beforeAll(async () => {
  await useBackend('cpu');
  const pspnet = createPspnet({ numClasses: 20, inputSize: 41, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], seed: 4 });
  await pspnet.model.save(nodeFileSystem(join(root, 'model')));
  labels = tf.tidy(() => Array.from(pspnet.segment(tf.tensor3d(Int32Array.from(img.data), [30, 26, 3], 'int32')).dataSync()));
  pspnet.dispose();
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'notes.txt'), 'hello');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createPspnetParser (@lip/pspnet/node)', () => {
  it('takes a web model folder, its model.json and a file:// URL', async () => {
    expect(await parsedLabels(await createPspnetParser({ model: join(root, 'model') }))).toEqual(labels);
    expect(await parsedLabels(await createPspnetParser({ model: join(root, 'model', 'model.json') }))).toEqual(labels);
    expect(await parsedLabels(await createPspnetParser({ model: pathToFileURL(join(root, 'model', 'model.json')).href }))).toEqual(labels);
  });

  it("parses with a 20-class PSPNet-Keras .h5 as Keras does: labels are the argmax of Keras' probabilities", async () => {
    const fixture = readCase<{ inputSize: [number, number] }>('pspnet-41-lip') as ReturnType<typeof readCase> & { rgb: EncodedArray };
    const rgb = decodeFloat32(fixture.rgb);
    const probabilities = decodeFloat32(fixture.outputs.find((o) => o.name === 'probabilities')!);
    const parser = await createPspnetParser({ model: pspnetFixtures.path('pspnet-41-lip.h5'), config: { inputSize: 41, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] } });
    const got = await parsedLabels(parser, { width: 41, height: 41, data: Uint8Array.from(rgb) });
    let differ = 0;
    let nearTies = 0;
    for (let p = 0; p < 41 * 41; p++) {
      const scores = Array.from(probabilities.subarray(20 * p, 20 * p + 20));
      const best = scores.indexOf(Math.max(...scores));
      if (got[p] === best) continue;
      differ++;
      if (scores[best]! - scores[got[p]!]! < 1e-5) nearTies++; // float32 rounding may reorder a near-tie
    }
    expect(new Set(got).size).toBeGreaterThan(1);
    expect(differ).toBe(nearTies);
    expect(differ).toBeLessThanOrEqual(2);
  });

  it('refuses a PSPNet-Keras .h5 of another class count or without conv6, and bad paths, naming them; nothing is left allocated', async () => {
    const before = tf.memory().numTensors;
    const config = { inputSize: 41, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] as const };
    const five = await createPspnetParser({ model: pspnetFixtures.path('pspnet-41.h5'), config }).catch((e: Error) => e);
    expect(five).toBeInstanceOf(ModelLoadError);
    expect((five as Error).message).toMatch(/pspnet-41.h5: a PSPNet with 5 classes \(conv6\/kernel \[1, 1, 16, 5\]\); a LIP parser needs 20/);
    await expect(createPspnetParser({ model: pspnetFixtures.path('pspnet-trunk.h5'), config })).rejects.toThrow(/pspnet-trunk.h5: no conv6 kernel: not a PSPNet-Keras model file/);
    await expect(createPspnetParser({ model: join(root, 'nowhere.h5') })).rejects.toThrow(/nowhere.h5: no such file or folder/);
    await expect(createPspnetParser({ model: join(root, 'empty') })).rejects.toThrow(/empty: no PSPNet model in this folder \(no model.json\)/);
    await expect(createPspnetParser({ model: join(root, 'notes.txt') })).rejects.toThrow(/notes.txt: not a model file: expected a web model folder/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
