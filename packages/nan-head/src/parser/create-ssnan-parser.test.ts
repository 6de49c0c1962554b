import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, useBackend, WeightImportError } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { mirrorRgbImage, noiseRgbImage, serveDirectory, type StaticServer } from '@lip/runtime/testing';
import { mirrorLabelMap } from '@lip/schema';
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
  writeFileSync(join(root, 'pspnet.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(root, 'tiny', 'model.json'), 'utf8')), userDefinedMetadata: { pspnet: { numClasses: 20 } } }));
  for (const name of ['missing-shard', 'truncated', 'wide']) await save(ssnan, name);
  unlinkSync(join(root, 'missing-shard', 'group1-shard2of2.bin'));
  truncateSync(join(root, 'truncated', 'group1-shard2of2.bin'), 1000);
  const json = JSON.parse(readFileSync(join(root, 'wide', 'model.json'), 'utf8')) as tf.io.ModelJSON;
  (json.userDefinedMetadata!['ssnan'] as { attentionWidth: number }).attentionWidth = 32;
  writeFileSync(join(root, 'wide', 'model.json'), JSON.stringify(json));
  server = await serveDirectory(root);
  parser = await createSsnanParser({ model: `${server.url}/tiny/model.json` });
});

afterAll(async () => {
  parser?.dispose();
  ssnan?.dispose();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('createSsnanParser', () => {
  it('loads a web model from a URL with progress, and parses RGB, RGBA and tensor inputs alike, as SS-NAN evaluates', async () => {
    const progress: number[] = [];
    const fromUrl = await createSsnanParser({ model: `${server.url}/tiny/model.json`, onProgress: (f) => progress.push(f) });
    expect(readFileSync(join(root, 'tiny', 'model.json'), 'utf8')).toContain('group1-shard2of2.bin');
    expect(progress).toEqual([0, 0.5, 1]);
    expect(fromUrl.config).toEqual(ssnan.config);
    const img = noiseRgbImage(9, W, H);
    const rgba = new Uint8ClampedArray(H * W * 4);
    for (let i = 0; i < H * W; i++) rgba.set([img.data[3 * i]!, img.data[3 * i + 1]!, img.data[3 * i + 2]!, 255], 4 * i);
    const int32 = tf.tensor3d(Int32Array.from(img.data), [H, W, 3], 'int32');
    const float32 = tf.tensor3d(Float32Array.from(img.data), [H, W, 3], 'float32');
    const rgbaTensor = tf.tensor3d(Int32Array.from(rgba), [H, W, 4], 'int32');
    const result = await fromUrl.parse(img, { inputSize });
    expect([result.width, result.height]).toEqual([W, H]);
    expect(result.pose).toBeUndefined();
    const expected = await referenceSsnanLabels(ssnan, img, inputSize);
    expect(new Set(expected).size).toBeGreaterThan(1); // the random network does not give one class everywhere
    expect(Array.from(result.segmentation.labels.data)).toEqual(expected);
    for (const input of [{ width: W, height: H, data: rgba }, int32, float32, rgbaTensor]) expect(await labelsOf(fromUrl, input)).toEqual(expected);
    expect(int32.isDisposed).toBe(false);
    tf.dispose([int32, float32, rgbaTensor]);
    expect(result.segmentation.maskValueToLabel(result.segmentation.labels.data[0]!)).toMatch(/^[A-Z]/);
    fromUrl.dispose();
  });

  it('loads through a tf.io.IOHandler to the same parser', async () => {
    const progress: number[] = [];
    const fromMemory = await createSsnanParser({ model: tf.io.fromMemory(artifacts), onProgress: (f) => progress.push(f) });
    expect(progress).toEqual([1]);
    const img = noiseRgbImage(4, W, H);
    expect(await labelsOf(fromMemory, img)).toEqual(await labelsOf(parser, img));
    fromMemory.dispose();
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

  it('flipHorizontal mirrors the result back: labels mirrored with sides swapped', async () => {
    const img = noiseRgbImage(11, W, H);
    const plain = await parser.parse(img, { inputSize });
    const flipped = await parser.parse(img, { inputSize, flipHorizontal: true });
    expect(flipped.segmentation.labels).toEqual(mirrorLabelMap(plain.segmentation.labels));
    // With the mirror pass the procedure is mirror-equivariant by construction: a mirrored input parsed with
    // flipHorizontal gives the original's labels exactly.
    const tta = { inputSize, testTimeAugmentation: { mirror: true } };
    const original = await labelsOf(parser, img, tta);
    expect(await labelsOf(parser, mirrorRgbImage(img), { ...tta, flipHorizontal: true })).toEqual(original);
  });

  it('keeps tf.memory().numTensors flat over 10 parses, frees the weights on dispose, and refuses to parse afterwards', async () => {
    const before = tf.memory().numTensors;
    const own = await createSsnanParser({ model: tf.io.fromMemory(artifacts) });
    const loaded = tf.memory().numTensors;
    expect(loaded).toBeGreaterThan(before);
    const img = noiseRgbImage(3, W, H);
    for (let i = 0; i < 10; i++) {
      const result = await own.parse(img, { inputSize, testTimeAugmentation: { mirror: i % 2 === 0 } });
      expect(tf.memory().numTensors).toBe(loaded);
      const labels = result.segmentation.toTensor();
      expect(labels.shape).toEqual([H, W]);
      labels.dispose();
    }
    own.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(own.parse(img)).rejects.toThrow(/this SsnanParser was disposed; create another with createSsnanParser/);
    own.dispose(); // twice is harmless
  });

  it('refuses other models, broken models and bad URLs, naming them, and leaves nothing allocated', async () => {
    const before = tf.memory().numTensors;
    const url = (path: string) => `${server.url}/${path}`;
    await expect(createSsnanParser({ model: url('nowhere/model.json') })).rejects.toThrow(/nowhere\/model.json: HTTP 404 Not Found: model.json is not there/);
    server.requests.length = 0;
    await expect(createSsnanParser({ model: url('pspnet.json') })).rejects.toThrow(/pspnet.json: not a 'ssnan' model: model.json's userDefinedMetadata has no 'ssnan' entry \(it has pspnet\)/);
    await expect(createSsnanParser({ model: url('seven-classes/model.json') })).rejects.toThrow(/seven-classes\/model.json: it is an SS-NAN with 7 classes; a LIP parser needs 20/);
    expect(server.requests.filter((p) => p.endsWith('.bin'))).toEqual([]); // refused before fetching weights
    await expect(createSsnanParser({ model: url('missing-shard/model.json') })).rejects.toThrow(/missing-shard\/group1-shard2of2.bin: HTTP 404 Not Found: weight file 'group1-shard2of2.bin' listed in .*missing-shard\/model.json is not there/);
    await expect(createSsnanParser({ model: url('truncated/model.json') })).rejects.toThrow(/truncated\/model.json: the weights are truncated: its 2 weight file\(s\) hold \d+ bytes/);
    const wide = await createSsnanParser({ model: url('wide/model.json') }).catch((e: Error) => e);
    expect(wide).toBeInstanceOf(WeightImportError);
    expect((wide as Error).message).toMatch(/wide\/model.json does not fit model "resnet101_fcn": \d+ shape or dtype mismatch\(es\): mask_att_conv\/kernel model \[3,3,\d+,32\] file \[3,3,\d+,16\]/);
    const other = await createSsnanParser({ model: url('other/model.json') }).catch((e: Error) => e);
    expect(other).toBeInstanceOf(ModelLoadError);
    await expect(createSsnanParser({ model: 42 } as never)).rejects.toThrow(/@lip\/nan-head: createSsnanParser: model must be the URL of a model.json or a tf.io.IOHandler, got number/);
    await expect(createSsnanParser({ model: url('tiny/model.json'), onProgress: 'yes' } as never)).rejects.toThrow(/onProgress must be a function/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad images and options with errors naming them', async () => {
    await expect(parser.parse({ width: 0, height: 0, data: new Uint8Array(0) })).rejects.toThrow(/@lip\/nan-head: parse: image has size 0 \(0×0\)/);
    const gray = tf.zeros([8, 8, 1]) as tf.Tensor3D;
    await expect(parser.parse(gray)).rejects.toThrow(/image must be an RGB tensor \[height, width, 3\], got shape \[8,8,1\]/);
    gray.dispose();
    await expect(parser.parse({ width: 4, height: 4, data: new Uint8Array(10) })).rejects.toThrow(/image is 4×4 but has 10 bytes; expected 48 \(RGB\) or 64 \(RGBA\)/);
    await expect(parser.parse({ naturalWidth: 0, complete: false, width: 0, height: 0 })).rejects.toThrow(/the <img> has not loaded/);
    const img = noiseRgbImage(1, W, H);
    await expect(parser.parse(img, { inputSize: 8 })).rejects.toThrow(/inputSize must be an integer ≥ 16, got 8/);
    await expect(parser.parse(img, { testTimeAugmentation: { mirror: 'yes' as never } })).rejects.toThrow(/testTimeAugmentation.mirror must be a boolean/);
    await expect(parser.parse(img, { flipHorizontal: 1 as never })).rejects.toThrow(/flipHorizontal must be a boolean, got 1/);
  });

  it('defaults inputSize to max_dim 640, as LIP.py evaluate (last: the static server closes idle keep-alive sockets after 5 s)', async () => {
    const img = noiseRgbImage(2, 20, 17);
    expect(await labelsOf(parser, img, {})).toEqual(await referenceSsnanLabels(ssnan, img, 640));
  });
});
