import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, useBackend, WeightImportError } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { humanParserContract, mirrorRgbImage, noiseRgbImage, serveDirectory, type StaticServer } from '@lip/runtime/testing';
import { SSNAN_SCALES } from '../model/ssnan-config.js';
import type { Ssnan } from '../model/ssnan.js';
import { createTinySsnan, referenceSsnanLabels, ssnanWebModelArtifacts } from '../testing/tiny-ssnan-parser.js';
import { createSsnanParser } from './create-ssnan-parser.js';
import type { SsnanParser } from './ssnan-parser.js';

const H = 30;
const W = 26;
const inputSize = 32;
const root = mkdtempSync(join(tmpdir(), 'ssnan-parser-'));
let server: StaticServer;
let ssnan: Ssnan;
let parser: SsnanParser;
let artifacts: tf.io.ModelArtifacts;

const labelsOf = async (p: SsnanParser, img: Parameters<SsnanParser['parse']>[0], options: Parameters<SsnanParser['parse']>[1] = { inputSize }) =>
  Array.from((await p.parse(img, options)).segmentation.labels.data);

/** Saves a model as a web model folder in 2 shards. */
async function save(model: Ssnan, dir: string): Promise<void> {
  const bytes = model.model.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a! * b!, 1)! * 4, 0);
  await model.model.save(nodeFileSystem(join(root, dir), { shardSizeBytes: Math.ceil(bytes / 2) }));
}

beforeAll(async () => {
  await useBackend('cpu');
  ssnan = createTinySsnan();
  artifacts = await ssnanWebModelArtifacts(ssnan);
  await save(ssnan, 'tiny');
  const seven = createTinySsnan({ numClasses: 7 });
  await save(seven, 'seven-classes');
  seven.dispose();
  // Weights of a narrower attention than its config says.
  await save(ssnan, 'wide');
  const json = JSON.parse(readFileSync(join(root, 'wide', 'model.json'), 'utf8')) as tf.io.ModelJSON;
  (json.userDefinedMetadata!['ssnan'] as { attentionWidth: number }).attentionWidth = 32;
  writeFileSync(join(root, 'wide', 'model.json'), JSON.stringify(json));
  server = await serveDirectory(root);
  parser = await createSsnanParser({ model: `${server.url}/tiny/model.json` });
});

const contract = humanParserContract({
  packageName: '@lip/nan-head',
  factoryName: 'createSsnanParser',
  parserName: 'SsnanParser',
  create: createSsnanParser,
  artifacts: () => ssnanWebModelArtifacts(ssnan),
  metadataKey: 'ssnan',
  parseOptions: { inputSize },
});

afterAll(async () => {
  await contract.cleanUp();
  parser?.dispose();
  ssnan?.dispose();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('createSsnanParser: the human-parser contract', () => {
  for (const c of contract.cases) it(c.name, c.run);
});

describe('createSsnanParser', () => {
  it('parses as SS-NAN evaluates, loaded from a URL (its config from the metadata)', async () => {
    const fromUrl = await createSsnanParser({ model: `${server.url}/tiny/model.json` });
    expect(fromUrl.config).toEqual(ssnan.config);
    const img = noiseRgbImage(9, W, H);
    const result = await fromUrl.parse(img, { inputSize });
    expect(result.pose).toBeUndefined();
    expect(Array.from(result.segmentation.labels.data)).toEqual(await referenceSsnanLabels(ssnan, img, inputSize));
    fromUrl.dispose();
  });

  it('testTimeAugmentation: { mirror: true } averages the probabilities with the mirrored pass, sides swapped back; scales are in the graph', async () => {
    const img = noiseRgbImage(5, W, H);
    const tta = { inputSize, testTimeAugmentation: { mirror: true } };
    const mirrored = await labelsOf(parser, img, tta);
    expect(mirrored).toEqual(await referenceSsnanLabels(ssnan, img, inputSize, true));
    expect(mirrored).not.toEqual(await labelsOf(parser, img));
    expect(await labelsOf(parser, img, { inputSize, testTimeAugmentation: {} })).toEqual(await labelsOf(parser, img));
    // The built-in scales are accepted as they are; anything else is refused.
    expect(await labelsOf(parser, img, { inputSize, testTimeAugmentation: { scales: SSNAN_SCALES } })).toEqual(await labelsOf(parser, img));
    await expect(parser.parse(img, { testTimeAugmentation: { scales: [1, 0.75, 1.25] } })).rejects.toThrow(
      /testTimeAugmentation.scales cannot be set for SS-NAN: its scales \(0.5, 0.75, 1\) are inside the network, aggregated per pixel by its attention; got \[1,0.75,1.25\]/,
    );
  });

  it('is mirror-equivariant with the mirror pass: a mirrored input parsed with flipHorizontal gives the original', async () => {
    const img = noiseRgbImage(11, W, H);
    // With the mirror pass the procedure is mirror-equivariant by construction: a mirrored input parsed with
    // flipHorizontal gives the original's labels exactly.
    const tta = { inputSize, testTimeAugmentation: { mirror: true } };
    const original = await labelsOf(parser, img, tta);
    expect(await labelsOf(parser, mirrorRgbImage(img), { ...tta, flipHorizontal: true })).toEqual(original);
  });

  it('refuses an SS-NAN for other classes before fetching weights, and weights of another shape, naming them', async () => {
    const before = tf.memory().numTensors;
    const url = (path: string) => `${server.url}/${path}`;
    server.requests.length = 0;
    await expect(createSsnanParser({ model: url('seven-classes/model.json') })).rejects.toThrow(/seven-classes\/model.json: it is an SS-NAN with 7 classes; a LIP parser needs 20/);
    expect(server.requests.filter((p) => p.endsWith('.bin'))).toEqual([]);
    const wide = await createSsnanParser({ model: url('wide/model.json') }).catch((e: Error) => e);
    expect(wide).toBeInstanceOf(WeightImportError);
    expect((wide as Error).message).toMatch(/wide\/model.json does not fit model "resnet101_fcn": \d+ shape or dtype mismatch\(es\): mask_att_conv\/kernel model \[3,3,\d+,32\] file \[3,3,\d+,16\]/);
    const other = await createSsnanParser({ model: url('other/model.json') }).catch((e: Error) => e);
    expect(other).toBeInstanceOf(ModelLoadError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a too small inputSize, naming it', async () => {
    await expect(parser.parse(noiseRgbImage(1, W, H), { inputSize: 8 })).rejects.toThrow(/inputSize must be an integer ≥ 16, got 8/);
  });

  it('defaults inputSize to max_dim 640, as LIP.py evaluate (last: the static server closes idle keep-alive sockets after 5 s)', async () => {
    // On wasm: a 640² pass of even the tiny network takes 16 s on the cpu backend (and ~7× that under load).
    await useBackend('wasm');
    const img = noiseRgbImage(2, 20, 17);
    expect(await labelsOf(parser, img, {})).toEqual(await referenceSsnanLabels(ssnan, img, 640));
  });
});
