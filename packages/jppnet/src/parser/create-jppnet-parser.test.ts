import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError, useBackend, WeightImportError } from '@lip/runtime';
import { humanParserContract, serveDirectory, type StaticServer, noiseRgbImage, mirrorRgbImage } from '@lip/runtime/testing';
import { JPPNET_EVAL_SCALES, LIP_JOINT_NAMES, type RawPixels } from '@lip/schema';
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
  // Weights of a narrower head than its config says.
  await saveJppnet(jppnet, join(root, 'wide'));
  const json = JSON.parse(readFileSync(join(root, 'wide', 'model.json'), 'utf8')) as tf.io.ModelJSON;
  (json.userDefinedMetadata!['jppnet'] as { headWidthMultiplier: number }).headWidthMultiplier = 1 / 16;
  writeFileSync(join(root, 'wide', 'model.json'), JSON.stringify(json));
  server = await serveDirectory(root);
  parser = await createJppnetParser({ model: `${server.url}/tiny/model.json` });
});

const contract = humanParserContract({
  packageName: '@lip/jppnet',
  factoryName: 'createJppnetParser',
  parserName: 'JppnetParser',
  create: createJppnetParser,
  artifacts: () => webModelArtifacts(jppnet),
  metadataKey: 'jppnet',
  parseOptions: { inputSize },
});

afterAll(async () => {
  await contract.cleanUp();
  parser?.dispose();
  jppnet?.dispose();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('createJppnetParser: the human-parser contract', () => {
  for (const c of contract.cases) it(c.name, c.run);
});

describe('createJppnetParser', () => {
  it("parses as the reference procedure does: the labels are the arg-max of the fused logits; 16 named keypoints with scores in [0, 1]", async () => {
    const fromUrl = await createJppnetParser({ model: `${server.url}/tiny/model.json` });
    expect(fromUrl.config).toEqual(jppnet.config);
    const img = image(9);
    const result = await fromUrl.parse(img, { inputSize });
    expect(Array.from(result.segmentation.labels.data)).toEqual(referenceLabels(img, [1], false));
    const { keypoints, score } = result.pose;
    expect(keypoints.map((k) => k.name)).toEqual(LIP_JOINT_NAMES);
    for (const k of keypoints) {
      expect(k.score).toBeGreaterThanOrEqual(0);
      expect(k.score).toBeLessThanOrEqual(1);
      expect(Number.isInteger(k.x) && k.x >= 0 && k.x < W && Number.isInteger(k.y) && k.y >= 0 && k.y < H).toBe(true);
    }
    expect(score).toBeCloseTo(keypoints.reduce((s, k) => s + k.score, 0) / 16, 12);
    fromUrl.dispose();
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

  it('is mirror-equivariant with the mirror in the test procedure: a mirrored input parsed with flipHorizontal gives the original', async () => {
    const img = image(11);
    // With the mirror in the test procedure the network is exactly mirror-equivariant: a mirrored input parsed
    // with flipHorizontal gives the original's labels.
    const tta = { inputSize, testTimeAugmentation: { mirror: true } };
    const original = await parser.parse(img, tta);
    const selfie = await parser.parse(mirrorRgbImage(img), { ...tta, flipHorizontal: true });
    expect(Array.from(selfie.segmentation.labels.data)).toEqual(Array.from(original.segmentation.labels.data));
    selfie.pose.keypoints.forEach((k, j) => expect(k.score).toBeCloseTo(original.pose.keypoints[j]!.score, 5));
  });

  it('refuses a JPPNet for other classes and joints before fetching weights, and weights of another shape, naming them', async () => {
    const before = tf.memory().numTensors;
    const url = (path: string) => `${server.url}/${path}`;
    server.requests.length = 0;
    await expect(createJppnetParser({ model: url('seven-classes/model.json') })).rejects.toThrow(
      /seven-classes\/model.json: it is a JPPNet with 7 classes and 5 joints; a LIP parser needs 20 classes and 16 joints/,
    );
    expect(server.requests.filter((p) => p.endsWith('.bin'))).toEqual([]);
    const wide = await createJppnetParser({ model: url('wide/model.json') }).catch((e: Error) => e);
    expect(wide).toBeInstanceOf(WeightImportError);
    expect((wide as Error).message).toMatch(/wide\/model.json does not fit model "jppnet": 85 shape or dtype mismatch\(es\): fc1_pose\/pose_conv1\/kernel model \[3,3,32,32\] file \[3,3,32,16\]/);
    const other = await createJppnetParser({ model: url('other/model.json') }).catch((e: Error) => e);
    expect(other).toBeInstanceOf(ModelLoadError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad JPPNet options with errors naming them', async () => {
    const img = image(1);
    await expect(parser.parse(img, { inputSize: 4 })).rejects.toThrow(/inputSize must be an integer ≥ 8, got 4/);
    await expect(parser.parse(img, { testTimeAugmentation: { scales: [] } })).rejects.toThrow(/testTimeAugmentation.scales must be a non-empty list of positive numbers, got \[\]/);
  });
});
