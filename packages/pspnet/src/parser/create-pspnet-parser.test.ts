import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, useBackend, WeightImportError } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { serveDirectory, type StaticServer, noiseRgbImage, mirrorRgbImage } from '@lip/runtime/testing';
import { mirrorLabelMap, type RawPixels } from '@lip/schema';
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
  writeFileSync(join(root, 'ssnan.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(root, 'tiny', 'model.json'), 'utf8')), userDefinedMetadata: { ssnan: { numClasses: 20 } } }));
  for (const name of ['missing-shard', 'truncated', 'wide']) await save(pspnet, name);
  unlinkSync(join(root, 'missing-shard', 'group1-shard2of2.bin'));
  truncateSync(join(root, 'truncated', 'group1-shard2of2.bin'), 1000);
  const json = JSON.parse(readFileSync(join(root, 'wide', 'model.json'), 'utf8')) as tf.io.ModelJSON;
  (json.userDefinedMetadata!['pspnet'] as PspnetConfig).widthMultiplier = 1 / 16;
  writeFileSync(join(root, 'wide', 'model.json'), JSON.stringify(json));
  server = await serveDirectory(root);
  parser = await createPspnetParser({ model: `${server.url}/tiny/model.json` });
});

afterAll(async () => {
  parser?.dispose();
  pspnet?.dispose();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('createPspnetParser', () => {
  it("loads a web model from a URL with progress, and parses RGB, RGBA and tensor inputs alike, as segment's letterbox does", async () => {
    const progress: number[] = [];
    const fromUrl = await createPspnetParser({ model: `${server.url}/tiny/model.json`, onProgress: (f) => progress.push(f) });
    expect(progress).toEqual([0, 0.5, 1]);
    expect(fromUrl.config).toEqual(TINY);
    expect(fromUrl.inputSize).toEqual([41, 41]);
    const img = image(9);
    const rgba = new Uint8ClampedArray(H * W * 4);
    for (let i = 0; i < H * W; i++) rgba.set([img.data[3 * i]!, img.data[3 * i + 1]!, img.data[3 * i + 2]!, 255], 4 * i);
    const int32 = tf.tensor3d(Int32Array.from(img.data), [H, W, 3], 'int32');
    const float32 = tf.tensor3d(Float32Array.from(img.data), [H, W, 3], 'float32');
    const rgbaTensor = tf.tensor3d(Int32Array.from(rgba), [H, W, 4], 'int32');
    const result = await fromUrl.parse(img);
    expect([result.width, result.height]).toEqual([W, H]);
    expect(result.pose).toBeUndefined();
    const expected = segmentLabels(img);
    expect(new Set(expected).size).toBeGreaterThan(1);
    expect(Array.from(result.segmentation.labels.data)).toEqual(expected);
    for (const input of [{ width: W, height: H, data: rgba }, int32, float32, rgbaTensor]) expect(await labelsOf(fromUrl, input)).toEqual(expected);
    expect(int32.isDisposed).toBe(false);
    tf.dispose([int32, float32, rgbaTensor]);
    // An image larger than the input is letterboxed down and its labels resized back.
    const big = image(10, 70, 50);
    expect(await labelsOf(fromUrl, big, { inputSize: 41 })).toEqual(segmentLabels(big));
    fromUrl.dispose();
  });

  it('loads through a tf.io.IOHandler to the same parser', async () => {
    const progress: number[] = [];
    const fromMemory = await createPspnetParser({ model: tf.io.fromMemory(artifacts), onProgress: (f) => progress.push(f) });
    expect(progress).toEqual([1]);
    const img = image(4);
    expect(await labelsOf(fromMemory, img)).toEqual(await labelsOf(parser, img));
    fromMemory.dispose();
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

  it('flipHorizontal mirrors the result back: labels mirrored with sides swapped', async () => {
    const img = image(11);
    const plain = await parser.parse(img);
    const flipped = await parser.parse(img, { flipHorizontal: true });
    expect(flipped.segmentation.labels).toEqual(mirrorLabelMap(plain.segmentation.labels));
    const tta = { testTimeAugmentation: { mirror: true } };
    expect(await labelsOf(parser, mirrorRgbImage(img), { ...tta, flipHorizontal: true })).toEqual(await labelsOf(parser, img, tta));
  });

  it('keeps tf.memory().numTensors flat over 10 parses, frees the weights on dispose, and refuses to parse afterwards', async () => {
    const before = tf.memory().numTensors;
    const own = await createPspnetParser({ model: tf.io.fromMemory(artifacts) });
    const loaded = tf.memory().numTensors;
    expect(loaded).toBeGreaterThan(before);
    const img = image(3);
    for (let i = 0; i < 10; i++) {
      const result = await own.parse(img, { testTimeAugmentation: { mirror: i % 2 === 0 } });
      expect(tf.memory().numTensors).toBe(loaded);
      const labels = result.segmentation.toTensor();
      expect(labels.shape).toEqual([H, W]);
      labels.dispose();
    }
    own.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(own.parse(img)).rejects.toThrow(/this PspnetParser was disposed; create another with createPspnetParser/);
    own.dispose();
  });

  it('refuses other models, broken models and bad URLs, naming them, and leaves nothing allocated', async () => {
    const before = tf.memory().numTensors;
    const url = (path: string) => `${server.url}/${path}`;
    await expect(createPspnetParser({ model: url('nowhere/model.json') })).rejects.toThrow(/nowhere\/model.json: HTTP 404 Not Found: model.json is not there/);
    server.requests.length = 0;
    await expect(createPspnetParser({ model: url('ssnan.json') })).rejects.toThrow(/ssnan.json: not a 'pspnet' model: model.json's userDefinedMetadata has no 'pspnet' entry \(it has ssnan\)/);
    await expect(createPspnetParser({ model: url('five-classes/model.json') })).rejects.toThrow(/five-classes\/model.json: it is a PSPNet with 5 classes; a LIP parser needs 20/);
    expect(server.requests.filter((p) => p.endsWith('.bin'))).toEqual([]);
    await expect(createPspnetParser({ model: url('missing-shard/model.json') })).rejects.toThrow(/missing-shard\/group1-shard2of2.bin: HTTP 404 Not Found: weight file 'group1-shard2of2.bin' listed in .*missing-shard\/model.json is not there/);
    await expect(createPspnetParser({ model: url('truncated/model.json') })).rejects.toThrow(/truncated\/model.json: the weights are truncated/);
    const wide = await createPspnetParser({ model: url('wide/model.json') }).catch((e: Error) => e);
    expect(wide).toBeInstanceOf(WeightImportError);
    expect((wide as Error).message).toMatch(/wide\/model.json does not fit model "pspnet": \d+ shape or dtype mismatch\(es\)/);
    const other = await createPspnetParser({ model: url('other/model.json') }).catch((e: Error) => e);
    expect(other).toBeInstanceOf(ModelLoadError);
    await expect(createPspnetParser({ model: tf.io.fromMemory(artifacts), config: { inputSize: 0 } })).rejects.toThrow(/the IOHandler: its PSPNet config is invalid: .*inputSize must be a positive integer/);
    await expect(createPspnetParser({ model: 42 } as never)).rejects.toThrow(/@lip\/pspnet: createPspnetParser: model must be the URL of a model.json or a tf.io.IOHandler, got number/);
    await expect(createPspnetParser({ model: url('tiny/model.json'), onProgress: 'yes' } as never)).rejects.toThrow(/onProgress must be a function/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad images and options with errors naming them', async () => {
    await expect(parser.parse({ width: 0, height: 0, data: new Uint8Array(0) })).rejects.toThrow(/@lip\/pspnet: parse: image has size 0 \(0×0\)/);
    const gray = tf.zeros([8, 8, 1]) as tf.Tensor3D;
    await expect(parser.parse(gray)).rejects.toThrow(/image must be an RGB tensor \[height, width, 3\], got shape \[8,8,1\]/);
    gray.dispose();
    await expect(parser.parse({ width: 4, height: 4, data: new Uint8Array(10) })).rejects.toThrow(/image is 4×4 but has 10 bytes/);
    const img = image(1);
    await expect(parser.parse(img, { inputSize: 64 })).rejects.toThrow(/inputSize must be 41: this PSPNet's input is fixed at 41×41 \(its pyramid pooling is sized for it\), got 64/);
    await expect(parser.parse(img, { testTimeAugmentation: { mirror: 'yes' as never } })).rejects.toThrow(/testTimeAugmentation.mirror must be a boolean/);
    await expect(parser.parse(img, { flipHorizontal: 1 as never })).rejects.toThrow(/flipHorizontal must be a boolean, got 1/);
  });
});
