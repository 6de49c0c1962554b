import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend, type WeightSource } from '@lip/runtime';
import { readKerasWeightsFile } from '@lip/runtime/node';
import { relativeError, testBackends, decodeFloat32, fixtureTensor } from '@lip/runtime/testing';
import { createPspnet, type PspnetConfig } from './create-pspnet.js';
import { pspnetFixtures, readCase } from '../testing/fixture-case.js';
import { loadPspnetWeights } from '../weights/load-pspnet-weights.js';

/**
 * Whole PSPNet against Keras 3 / TF 2.21 (fixtures/pspnet_keras.py, flat like pspnet101_voc2012.h5):
 * 41² gives 6² features where every bin divides exactly (as 473² → 60²); 57×49 gives 8×7 features
 * where bins 3 and 6 leave remainders.
 */
const fixtures = ['pspnet-41', 'pspnet-57x49'];
const sources = new Map<string, WeightSource>();

beforeAll(async () => {
  for (const name of fixtures) sources.set(name, await readKerasWeightsFile(pspnetFixtures.path(`${name}.h5`)));
});

describe.each(testBackends())('PSPNet outputs match Keras on %s', (backend) => {
  it.each(fixtures)('%s: probabilities at the input size and conv6 logits', async (name) => {
    await useBackend(backend);
    const c = readCase<PspnetConfig>(name);
    const pspnet = createPspnet(c.config);
    expect(pspnet.featureSize).toEqual(c.featureSize);
    expect(Object.fromEntries([...pspnet.poolKernels].map(([bin, k]) => [String(bin), k]))).toEqual(c.poolKernels);
    // The file is flat (trunk layers at the top level, like pspnet101_voc2012.h5); the model nests the trunk.
    const report = loadPspnetWeights(pspnet, sources.get(name)!);
    expect(report.loaded.sort()).toEqual(Object.keys(c.weightShapes).sort());
    const probe = tfl.model({ inputs: pspnet.model.inputs, outputs: [pspnet.model.outputs[0]!, pspnet.model.getLayer('conv6').output as tfl.SymbolicTensor] });
    const outputs = tf.tidy(() => probe.predict(fixtureTensor(c.input)) as tf.Tensor[]);
    for (const [i, expected] of c.outputs.entries()) {
      expect(outputs[i]!.shape).toEqual(expected.shape);
      expect(relativeError(outputs[i]!.dataSync(), decodeFloat32(expected)), expected.name).toBeLessThanOrEqual(1e-4);
    }
    tf.dispose(outputs);
    pspnet.dispose();
  });
});
