import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, useBackend, WeightImportError } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { humanParserContract, serveDirectory, type StaticServer, noiseRgbImage, mirrorRgbImage } from '@lip/runtime/testing';
import type { RawPixels } from '@lip/schema';
import { createPspnet, type Pspnet, type PspnetConfig } from '../pspnet/create-pspnet.js';
import { createPspnetParser } from './create-pspnet-parser.js';
import type { PspnetParser } from './pspnet-parser.js';

const H = 30;
const W = 26;
const TINY: PspnetConfig = { numClasses: 20, inputSize: 41, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], seed: 3 };
const root = mkdtempSync(join(tmpdir(), 'pspnet-parser-'));
let server: StaticServer;
let pspnet: Pspnet;
let parser: PspnetParser;
let artifacts: tf.io.ModelArtifacts;

const image = (seed: number, width = W, height = H): RawPixels => noiseRgbImage(seed, width, height);

/** `pspnet.segment`'s labels: what parse reproduces without augmentation. */
function segmentLabels(img: RawPixels): number[] {
  return tf.tidy(() => Array.from(pspnet.segment(tf.tensor3d(Int32Array.from(img.data), [img.height, img.width, 3], 'int32')).dataSync()));
}

const labelsOf = async (p: PspnetParser, img: Parameters<PspnetParser['parse']>[0], options?: Parameters<PspnetParser['parse']>[1]) =>
  Array.from((await p.parse(img, options)).segmentation.labels.data);

async function save(model: Pspnet, dir: string): Promise<void> {
  const bytes = model.model.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a! * b!, 1)! * 4, 0);
  await model.model.save(nodeFileSystem(join(root, dir), { shardSizeBytes: Math.ceil(bytes / 2) }));
}

async function artifactsOf(model: Pspnet): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  return saved!;
}

beforeAll(async () => {
  await useBackend('cpu');
  pspnet = createPspnet(TINY);
  artifacts = await artifactsOf(pspnet);
  await save(pspnet, 'tiny');
  const five = createPspnet({ ...TINY, numClasses: 5 });
  await save(five, 'five-classes');
  five.dispose();
  // Weights of a narrower network than its config says.
  await save(pspnet, 'wide');
  const json = JSON.parse(readFileSync(join(root, 'wide', 'model.json'), 'utf8')) as tf.io.ModelJSON;
  (json.userDefinedMetadata!['pspnet'] as PspnetConfig).widthMultiplier = 1 / 16;
  writeFileSync(join(root, 'wide', 'model.json'), JSON.stringify(json));
  server = await serveDirectory(root);
  parser = await createPspnetParser({ model: `${server.url}/tiny/model.json` });
});

const contract = humanParserContract({
  packageName: '@lip/pspnet',
  factoryName: 'createPspnetParser',
  parserName: 'PspnetParser',
  create: createPspnetParser,
  artifacts: () => artifactsOf(pspnet),
  metadataKey: 'pspnet',
});

afterAll(async () => {
  await contract.cleanUp();
  parser?.dispose();
  pspnet?.dispose();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('createPspnetParser: the human-parser contract', () => {
  for (const c of contract.cases) it(c.name, c.run);
});

describe('createPspnetParser', () => {
  it("parses as segment's letterbox does, loaded from a URL (its config from the metadata); larger images are letterboxed down", async () => {
    const fromUrl = await createPspnetParser({ model: `${server.url}/tiny/model.json` });
    expect(fromUrl.config).toEqual(TINY);
    expect(fromUrl.inputSize).toEqual([41, 41]);
    const img = image(9);
    const result = await fromUrl.parse(img);
    expect(result.pose).toBeUndefined();
    expect(Array.from(result.segmentation.labels.data)).toEqual(segmentLabels(img));
    const big = image(10, 70, 50);
    expect(await labelsOf(fromUrl, big, { inputSize: 41 })).toEqual(segmentLabels(big));
    fromUrl.dispose();
  });

  it('testTimeAugmentation: { mirror: true } averages the scores with the mirrored pass, sides swapped back', async () => {
    const img = image(5);
    const mirrored = await labelsOf(parser, img, { testTimeAugmentation: { mirror: true } });
    // Independently: the probabilities of the image and of its mirror, the latter mirrored back with 14↔15, 16↔17, 18↔19.
    const expected = tf.tidy(() => {
      const scores = (x: RawPixels) => {
        const pixels = tf.tensor3d(Int32Array.from(x.data), [H, W, 3], 'int32');
        const input = tf.sub(tf.cast(tf.pad(pixels, [[5, 6], [7, 8], [0, 0]]), 'float32'), tf.tensor1d([123.7, 116.8, 103.9]));
        return tf.slice(pspnet.model.predict(tf.expandDims(input, 0)) as tf.Tensor4D, [0, 5, 7, 0], [1, H, W, 20]);
      };
      const back = tf.reverse(scores(mirrorRgbImage(img)), 2);
      const channels = tf.split(back, 20, 3);
      const swapped = tf.concat([...channels.slice(0, 14), channels[15]!, channels[14]!, channels[17]!, channels[16]!, channels[19]!, channels[18]!], 3);
      return Array.from(tf.argMax(tf.div(tf.add(scores(img), swapped), 2), -1).dataSync());
    });
    expect(mirrored).toEqual(expected);
    expect(mirrored).not.toEqual(await labelsOf(parser, img));
    expect(await labelsOf(parser, img, { testTimeAugmentation: { scales: [1] } })).toEqual(await labelsOf(parser, img));
    await expect(parser.parse(img, { testTimeAugmentation: { scales: [0.75, 1] } })).rejects.toThrow(
      /testTimeAugmentation.scales cannot be set for PSPNet: the network runs once at its fixed 41×41 input; got \[0.75,1\]/,
    );
  });

  it('is mirror-equivariant with the mirror pass: a mirrored input parsed with flipHorizontal gives the original', async () => {
    const img = image(11);
    const tta = { testTimeAugmentation: { mirror: true } };
    expect(await labelsOf(parser, mirrorRgbImage(img), { ...tta, flipHorizontal: true })).toEqual(await labelsOf(parser, img, tta));
  });

  it('refuses a PSPNet for other classes before fetching weights, weights of another shape and a bad config, naming them', async () => {
    const before = tf.memory().numTensors;
    const url = (path: string) => `${server.url}/${path}`;
    server.requests.length = 0;
    await expect(createPspnetParser({ model: url('five-classes/model.json') })).rejects.toThrow(/five-classes\/model.json: it is a PSPNet with 5 classes; a LIP parser needs 20/);
    expect(server.requests.filter((p) => p.endsWith('.bin'))).toEqual([]);
    const wide = await createPspnetParser({ model: url('wide/model.json') }).catch((e: Error) => e);
    expect(wide).toBeInstanceOf(WeightImportError);
    expect((wide as Error).message).toMatch(/wide\/model.json does not fit model "pspnet": \d+ shape or dtype mismatch\(es\)/);
    const other = await createPspnetParser({ model: url('other/model.json') }).catch((e: Error) => e);
    expect(other).toBeInstanceOf(ModelLoadError);
    await expect(createPspnetParser({ model: tf.io.fromMemory(artifacts), config: { inputSize: 0 } })).rejects.toThrow(/the IOHandler: its PSPNet config is invalid: .*inputSize must be a positive integer/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an inputSize other than its fixed input, naming it', async () => {
    await expect(parser.parse(image(1), { inputSize: 64 })).rejects.toThrow(/inputSize must be 41: this PSPNet's input is fixed at 41×41 \(its pyramid pooling is sized for it\), got 64/);
  });
});
