import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../training.js';
import './node.js';
import { useBackend } from '../backend/use-backend.js';
import { atrousConv2dLayer } from '../layers/atrous-conv2d-layer.js';
import { testBackends, seededTensor } from '../testing/test-backends.js';
import { seededDropout } from '../training/seeded-dropout.js';
import { nodeFileSystem } from './node-file-system.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lip-model-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Our custom layers (AtrousConv2D, SeededDropout) next to stock ones, BN with non-default statistics. */
function buildModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [16, 16, 3] });
  let x = tfl.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'stem', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.95, epsilon: 1e-5, name: 'stem_bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = atrousConv2dLayer({ filters: 6, kernelSize: 3, dilationRate: 2, padding: 'same', name: 'conv5_1', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.95, epsilon: 1e-5, name: 'conv5_1_bn' }).apply(x) as tfl.SymbolicTensor;
  x = seededDropout({ rate: 0.5, name: 'drop' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 4, kernelSize: 1, name: 'mask_class_conv', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: x, name: 'io_test' });
  // Move BN statistics away from 0/1 so a lost weight would show.
  for (const layer of model.layers) {
    if (layer.name.endsWith('_bn')) {
      const n = (layer.getWeights()[0] as tf.Tensor).shape[0]!;
      layer.setWeights([tf.fill([n], 1.5), tf.fill([n], -0.25), seededTensor([n], 7), tf.add(tf.abs(seededTensor([n], 8)), 0.5)]);
    }
  }
  return model;
}

async function expectSameModel(a: tfl.LayersModel, b: tfl.LayersModel): Promise<void> {
  expect(b.layers.map((l) => l.getClassName())).toEqual(a.layers.map((l) => l.getClassName()));
  expect(b.weights.map((w) => w.originalName)).toEqual(a.weights.map((w) => w.originalName));
  a.weights.forEach((w, i) => expect(Array.from(b.weights[i]!.read().dataSync())).toEqual(Array.from(w.read().dataSync())));
  const x = seededTensor([2, 16, 16, 3], 5);
  const ya = a.predict(x) as tf.Tensor;
  const yb = b.predict(x) as tf.Tensor;
  expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync())); // identical, not just close
  tf.dispose([x, ya, yb]);
}

describe.each(testBackends())('model IO on %s', (backend) => {
  it('round-trips AtrousConv2D + BatchNorm + SeededDropout through nodeFileSystem (sharded) with identical outputs', async () => {
    await useBackend(backend);
    const model = buildModel();
    const dir = join(root, `${backend}-handler`);
    await model.save(nodeFileSystem(dir, { shardSizeBytes: 1024 }));
    expect((await readdir(dir)).filter((f) => f.endsWith('.bin')).length).toBeGreaterThan(1);
    const loaded = await tfl.loadLayersModel(nodeFileSystem(join(dir, 'model.json')));
    expect(loaded.getLayer('conv5_1').getClassName()).toBe('AtrousConv2D');
    expect(loaded.getLayer('drop').getClassName()).toBe('SeededDropout');
    await expectSameModel(model, loaded);
  });

  it("saves and loads through file:// URLs (ours without tfjs-node, tfjs-node's with it)", async () => {
    await useBackend(backend);
    const model = buildModel();
    const dir = join(root, `${backend}-url`);
    await model.save(pathToFileURL(dir).href);
    const loaded = await tfl.loadLayersModel(`${pathToFileURL(dir).href}/model.json`);
    await expectSameModel(model, loaded);
    // Files written by our handler load through whichever file:// handler is active, and vice versa.
    const ours = join(root, `${backend}-ours`);
    await model.save(nodeFileSystem(ours));
    await expectSameModel(model, await tfl.loadLayersModel(`${pathToFileURL(ours).href}/model.json`));
    await expectSameModel(model, await tfl.loadLayersModel(nodeFileSystem(join(dir, 'model.json'))));
  });
});
