import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, useBackend, WeightImportError } from '@lip/runtime';
import { serveDirectory, type StaticServer, noiseRgbImage, mirrorRgbImage } from '@lip/runtime/testing';
import { JPPNET_EVAL_SCALES, LIP_JOINT_NAMES, mirrorLabelMap, mirrorPose, type RawPixels } from '@lip/schema';
import { inferJppnet } from '../inference/infer-jppnet.js';
import { saveJppnet } from '../io/jppnet-model-files.js';
import type { Jppnet } from '../model/jppnet.js';
import { createTinyJppnet, webModelArtifacts } from '../testing/tiny-web-model.js';
import { createJppnetParser } from './create-jppnet-parser.js';
import type { JppnetParser } from './jppnet-parser.js';

const H = 30;
const W = 26;
const inputSize = 32;
const root = mkdtempSync(join(tmpdir(), 'jppnet-parser-'));
let server: StaticServer;
let jppnet: Jppnet;
let parser: JppnetParser;
let artifacts: tf.io.ModelArtifacts;

const image = (seed: number, width = W, height = H): RawPixels => noiseRgbImage(seed, width, height);

/** The arg-max labels of the fused logits of `jppnet` (the reference's procedure, without the parser). */
function referenceLabels(img: RawPixels, scales: readonly number[], flip: boolean): number[] {
  const { parsing, pose } = inferJppnet(jppnet, img, { inputSize, scales, flip });
  const labels = tf.tidy(() => Array.from(tf.argMax(parsing, 2).dataSync()));
  tf.dispose([parsing, pose]);
  return labels;
}

beforeAll(async () => {
  await useBackend('cpu');
  jppnet = createTinyJppnet();
  artifacts = await webModelArtifacts(jppnet);
  await saveJppnet(jppnet, join(root, 'tiny'));
  await saveJppnet(createTinyJppnet({ numClasses: 7, numJoints: 5 }), join(root, 'seven-classes'));
  writeFileSync(join(root, 'pspnet.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(root, 'tiny', 'model.json'), 'utf8')), userDefinedMetadata: { pspnet: { numClasses: 20 } } }));
  // Broken copies of the tiny model: a shard missing, a shard cut short, a float64 weight, weights of a wider head.
  for (const name of ['missing-shard', 'truncated', 'float64', 'wide']) await saveJppnet(jppnet, join(root, name));
  unlinkSync(join(root, 'missing-shard', 'group1-shard1of1.bin'));
  truncateSync(join(root, 'truncated', 'group1-shard1of1.bin'), 1000);
  const edit = (dir: string, change: (json: tf.io.ModelJSON) => void) => {
    const json = JSON.parse(readFileSync(join(root, dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    change(json);
    writeFileSync(join(root, dir, 'model.json'), JSON.stringify(json));
  };
  edit('float64', (json) => (json.weightsManifest[0]!.weights[0]!.dtype = 'float64' as 'float32'));
  edit('wide', (json) => ((json.userDefinedMetadata!['jppnet'] as { headWidthMultiplier: number }).headWidthMultiplier = 1 / 16));
  server = await serveDirectory(root);
  parser = await createJppnetParser({ model: `${server.url}/tiny/model.json` });
});

afterAll(async () => {
  parser?.dispose();
  jppnet?.dispose();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('createJppnetParser', () => {
  it('loads a web model from a URL with progress, and parses RGB, RGBA and tensor inputs alike', async () => {
    const progress: number[] = [];
    const fromUrl = await createJppnetParser({ model: `${server.url}/tiny/model.json`, onProgress: (f) => progress.push(f) });
    expect(progress.at(0)).toBe(0);
    expect(progress.at(-1)).toBe(1);
    expect(fromUrl.config).toEqual(jppnet.config);
    const img = image(9);
    const rgba = new Uint8ClampedArray(H * W * 4);
    for (let i = 0; i < H * W; i++) rgba.set([img.data[3 * i]!, img.data[3 * i + 1]!, img.data[3 * i + 2]!, 255], 4 * i);
    const tensor = tf.tensor3d(Int32Array.from(img.data), [H, W, 3], 'int32');
    const fromRgb = await fromUrl.parse(img, { inputSize });
    const fromRgba = await fromUrl.parse({ width: W, height: H, data: rgba }, { inputSize });
    const fromTensor = await fromUrl.parse(tensor, { inputSize });
    tensor.dispose();
    expect([fromRgb.width, fromRgb.height]).toEqual([W, H]);
    expect(Array.from(fromRgba.segmentation.labels.data)).toEqual(Array.from(fromRgb.segmentation.labels.data));
    expect(Array.from(fromTensor.segmentation.labels.data)).toEqual(Array.from(fromRgb.segmentation.labels.data));
    expect(fromTensor.pose).toEqual(fromRgb.pose);
    // The labels are the arg-max of the fused logits of the network that was saved.
    expect(Array.from(fromRgb.segmentation.labels.data)).toEqual(referenceLabels(img, [1], false));
    const { keypoints, score } = fromRgb.pose;
    expect(keypoints.map((k) => k.name)).toEqual(LIP_JOINT_NAMES);
    for (const k of keypoints) {
      expect(k.score).toBeGreaterThanOrEqual(0);
      expect(k.score).toBeLessThanOrEqual(1);
      expect(Number.isInteger(k.x) && k.x >= 0 && k.x < W && Number.isInteger(k.y) && k.y >= 0 && k.y < H).toBe(true);
    }
    expect(score).toBeCloseTo(keypoints.reduce((s, k) => s + k.score, 0) / 16, 12);
    expect(fromRgb.segmentation.maskValueToLabel(fromRgb.segmentation.labels.data[0]!)).toMatch(/^[A-Z]/);
    fromUrl.dispose();
  });

  it('loads through a tf.io.IOHandler to the same parser', async () => {
    const progress: number[] = [];
    const fromMemory = await createJppnetParser({ model: tf.io.fromMemory(artifacts), onProgress: (f) => progress.push(f) });
    expect(progress).toEqual([1]);
    const img = image(4);
    const [a, b] = [await fromMemory.parse(img, { inputSize }), await parser.parse(img, { inputSize })];
    expect(a.segmentation.labels).toEqual(b.segmentation.labels);
    expect(a.pose).toEqual(b.pose);
    fromMemory.dispose();
  });

  it('runs the reference test procedure with testTimeAugmentation: { mirror: true } (test scales 1/0.75/1.25 + the mirror)', async () => {
    const img = image(5);
    const reference = await parser.parse(img, { inputSize, testTimeAugmentation: { mirror: true } });
    expect(Array.from(reference.segmentation.labels.data)).toEqual(referenceLabels(img, JPPNET_EVAL_SCALES, true));
    const scalesOnly = await parser.parse(img, { inputSize, testTimeAugmentation: {} });
    expect(Array.from(scalesOnly.segmentation.labels.data)).toEqual(referenceLabels(img, JPPNET_EVAL_SCALES, false));
    const custom = await parser.parse(img, { inputSize, testTimeAugmentation: { scales: [0.5, 1], mirror: true } });
    expect(Array.from(custom.segmentation.labels.data)).toEqual(referenceLabels(img, [0.5, 1], true));
  });

  it('flipHorizontal mirrors the result back: labels mirrored with sides swapped, keypoints mirrored with L/R swapped', async () => {
    const img = image(11);
    const plain = await parser.parse(img, { inputSize });
    const flipped = await parser.parse(img, { inputSize, flipHorizontal: true });
    expect(flipped.segmentation.labels).toEqual(mirrorLabelMap(plain.segmentation.labels));
    expect(flipped.pose).toEqual(mirrorPose(plain.pose, W));
    // With the mirror in the test procedure the network is exactly mirror-equivariant: a mirrored input parsed
    // with flipHorizontal gives the original's labels.
    const tta = { inputSize, testTimeAugmentation: { mirror: true } };
    const original = await parser.parse(img, tta);
    const selfie = await parser.parse(mirrorRgbImage(img), { ...tta, flipHorizontal: true });
    expect(Array.from(selfie.segmentation.labels.data)).toEqual(Array.from(original.segmentation.labels.data));
    selfie.pose.keypoints.forEach((k, j) => expect(k.score).toBeCloseTo(original.pose.keypoints[j]!.score, 5));
  });

  it('keeps tf.memory().numTensors flat over 10 parses, frees the weights on dispose, and refuses to parse afterwards', async () => {
    const before = tf.memory().numTensors;
    const own = await createJppnetParser({ model: tf.io.fromMemory(artifacts) });
    const loaded = tf.memory().numTensors;
    expect(loaded).toBeGreaterThan(before);
    const img = image(3);
    for (let i = 0; i < 10; i++) {
      const result = await own.parse(img, { inputSize });
      expect(tf.memory().numTensors).toBe(loaded);
      const labels = result.segmentation.toTensor();
      expect(labels.shape).toEqual([H, W]);
      labels.dispose();
    }
    own.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(own.parse(img)).rejects.toThrow(/this JppnetParser was disposed; create another with createJppnetParser/);
    own.dispose(); // twice is harmless
  });

  it('refuses other models, broken models and bad URLs, naming them, and leaves nothing allocated', async () => {
    const before = tf.memory().numTensors;
    const url = (path: string) => `${server.url}/${path}`;
    await expect(createJppnetParser({ model: url('nowhere/model.json') })).rejects.toThrow(/nowhere\/model.json: HTTP 404 Not Found: model.json is not there/);
    server.requests.length = 0;
    await expect(createJppnetParser({ model: url('pspnet.json') })).rejects.toThrow(/pspnet.json: not a 'jppnet' model: model.json's userDefinedMetadata has no 'jppnet' entry \(it has pspnet\)/);
    await expect(createJppnetParser({ model: url('seven-classes/model.json') })).rejects.toThrow(
      /seven-classes\/model.json: it is a JPPNet with 7 classes and 5 joints; a LIP parser needs 20 classes and 16 joints/,
    );
    expect(server.requests.filter((p) => p.endsWith('.bin'))).toEqual([]); // refused before fetching weights
    await expect(createJppnetParser({ model: url('missing-shard/model.json') })).rejects.toThrow(/missing-shard\/group1-shard1of1.bin: HTTP 404 Not Found: weight file 'group1-shard1of1.bin' listed in .*missing-shard\/model.json is not there/);
    await expect(createJppnetParser({ model: url('truncated/model.json') })).rejects.toThrow(/truncated\/model.json: the weights are truncated: its 1 weight file\(s\) hold 1000 bytes/);
    await expect(createJppnetParser({ model: url('float64/model.json') })).rejects.toThrow(/float64\/model.json: weight '.*' has dtype 'float64' in the weights manifest/);
    const wide = await createJppnetParser({ model: url('wide/model.json') }).catch((e: Error) => e);
    expect(wide).toBeInstanceOf(WeightImportError);
    expect((wide as Error).message).toMatch(/wide\/model.json does not fit model "jppnet": 85 shape or dtype mismatch\(es\): fc1_pose\/pose_conv1\/kernel model \[3,3,32,32\] file \[3,3,32,16\]/);
    const other = await createJppnetParser({ model: url('other/model.json') }).catch((e: Error) => e);
    expect(other).toBeInstanceOf(ModelLoadError);
    await expect(createJppnetParser({ model: 42 } as never)).rejects.toThrow(/model must be the URL of a model.json or a tf.io.IOHandler, got number/);
    await expect(createJppnetParser({ model: url('tiny/model.json'), onProgress: 'yes' } as never)).rejects.toThrow(/onProgress must be a function/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad images and options with errors naming them', async () => {
    await expect(parser.parse({ width: 0, height: 0, data: new Uint8Array(0) })).rejects.toThrow(/@lip\/jppnet: parse: image has size 0 \(0×0\)/);
    const gray = tf.zeros([8, 8, 1]) as tf.Tensor3D;
    await expect(parser.parse(gray)).rejects.toThrow(/image must be an RGB tensor \[height, width, 3\], got shape \[8,8,1\]/);
    gray.dispose();
    await expect(parser.parse({ width: 4, height: 4, data: new Uint8Array(10) })).rejects.toThrow(/image is 4×4 but has 10 bytes; expected 48 \(RGB\) or 64 \(RGBA\)/);
    await expect(parser.parse({ naturalWidth: 0, complete: false, width: 0, height: 0 })).rejects.toThrow(/the <img> has not loaded/);
    const img = image(1);
    await expect(parser.parse(img, { inputSize: 4 })).rejects.toThrow(/inputSize must be an integer ≥ 8, got 4/);
    await expect(parser.parse(img, { testTimeAugmentation: { scales: [] } })).rejects.toThrow(/testTimeAugmentation.scales must be a non-empty list of positive numbers, got \[\]/);
    await expect(parser.parse(img, { testTimeAugmentation: { mirror: 'yes' as never } })).rejects.toThrow(/testTimeAugmentation.mirror must be a boolean/);
    await expect(parser.parse(img, { flipHorizontal: 1 as never })).rejects.toThrow(/flipHorizontal must be a boolean, got 1/);
  });
});

