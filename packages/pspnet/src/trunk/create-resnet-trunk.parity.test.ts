import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend, type WeightSource } from '@lip/runtime';
import { readKerasWeightsFile, readTfCheckpointFile } from '@lip/runtime/node';
import { relativeError, testBackends, decodeFloat32, fixtureTensor } from '@lip/runtime/testing';
import { createResnetTrunk } from './create-resnet-trunk.js';
import type { ResnetTrunkConfig } from './resnet-trunk-config.js';
import { pspnetFixtures, readCase } from '../testing/fixture-case.js';
import { loadTrunkWeights } from '../weights/load-pspnet-weights.js';

/**
 * The trunks against Keras 3 / TF 2.21 builds of the reference graphs (fixtures/pspnet_keras.py) with
 * random weights, BN moving statistics included: odd, non-square inputs, taps, and every weight layout
 * a trunk is loaded from.
 */
const cases = [
  { title: 'PSPNet-Keras trunk from a Keras 3 legacy .h5', fixture: 'pspnet-trunk', file: 'pspnet-trunk.h5', unexpected: [] as string[] },
  {
    title: 'PSPNet-Keras trunk from an SS-NAN Keras 2 file (nested resnet101_model, :0 names)',
    fixture: 'pspnet-trunk',
    file: 'ssnan-resnet101.h5',
    unexpected: ['mask_class_conv/kernel', 'mask_class_conv/bias', 'mask_denseclass_conv/kernel', 'mask_denseclass_conv/bias'],
  },
  { title: 'DeepLab-v2 trunk from a Keras 3 legacy .h5', fixture: 'deeplab-trunk', file: 'deeplab-trunk.h5', unexpected: [] },
  // The reader drops the `/Momentum` optimiser slot; kaffe's `weights` is read as the role `kernel`.
  { title: 'DeepLab-v2 trunk from a TF1 checkpoint with JPPNet names', fixture: 'deeplab-trunk', file: 'deeplab-trunk.ckpt', unexpected: [] },
];

const sources = new Map<string, WeightSource>();

beforeAll(async () => {
  for (const { file } of cases) {
    sources.set(file, file.endsWith('.ckpt') ? await readTfCheckpointFile(pspnetFixtures.path(file)) : await readKerasWeightsFile(pspnetFixtures.path(file)));
  }
});

describe.each(testBackends())('trunk outputs match Keras on %s', (backend) => {
  it.each(cases)('$title', async ({ fixture, file, unexpected }) => {
    await useBackend(backend);
    const c = readCase<ResnetTrunkConfig>(fixture);
    const model = createResnetTrunk(c.config);
    const report = loadTrunkWeights(model, sources.get(file)!);
    expect(report.loaded.sort()).toEqual(Object.keys(c.weightShapes).sort());
    expect(report.missing).toEqual([]);
    expect(report.unexpected.sort()).toEqual([...unexpected].sort());
    const outputs = tf.tidy(() => model.predict(fixtureTensor(c.input)) as tf.Tensor[]);
    expect(outputs.map((o) => o.shape)).toEqual(c.outputs.map((o) => o.shape));
    for (const [i, expected] of c.outputs.entries()) {
      const error = relativeError(outputs[i]!.dataSync(), decodeFloat32(expected));
      expect(error, `${expected.name}`).toBeLessThanOrEqual(1e-4);
    }
    tf.dispose(outputs);
    model.dispose();
  });
});
