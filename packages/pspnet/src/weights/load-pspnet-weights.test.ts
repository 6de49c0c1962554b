import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend, type WeightSource } from '@lip/runtime';
import { readKerasWeightsFile, readWeightsFile } from '@lip/runtime/node';
import { createPspnet, type PspnetConfig } from '../pspnet/create-pspnet.js';
import { createResnetTrunk } from '../trunk/create-resnet-trunk.js';
import type { ResnetTrunkConfig } from '../trunk/resnet-trunk-config.js';
import { pspnetFixtures, readCase } from '../testing/fixture-case.js';
import { loadPspnetWeights, loadTrunkWeights } from './load-pspnet-weights.js';
import { loadPspnetWeightsFile, loadTrunkWeightsFile } from './read-weights-file.js';

let ssnan: WeightSource;
let pspnet41: WeightSource;
const trunkCase = readCase<ResnetTrunkConfig>('pspnet-trunk');
const pspnetCase = readCase<PspnetConfig>('pspnet-41');

beforeAll(async () => {
  await useBackend('cpu');
  ssnan = await readKerasWeightsFile(pspnetFixtures.path('ssnan-resnet101.h5'));
  pspnet41 = await readKerasWeightsFile(pspnetFixtures.path('pspnet-41.h5'));
});

describe('loading weights by name', () => {
  it('maps an SS-NAN file onto a model that nests the trunk as resnet101_model beside a mask_* head', () => {
    const trunk = createResnetTrunk(trunkCase.config);
    const image = tfl.input({ shape: [null, null, 3] });
    const [features] = trunk.apply(image) as tfl.SymbolicTensor[];
    const head = tfl.layers.conv2d({ filters: 20, kernelSize: 3, padding: 'same', name: 'mask_class_conv' }).apply(features!) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: image, outputs: head, name: 'ssnan_like' });
    const report = loadPspnetWeights(model, ssnan, { allowUnexpected: true });
    expect(report.missing).toEqual([]);
    expect(report.loaded).toContain('conv5_1_1x1_proj_bn/moving_variance');
    expect(report.loaded).toContain('mask_class_conv/bias');
    expect(report.unexpected.sort()).toEqual(['mask_denseclass_conv/bias', 'mask_denseclass_conv/kernel']);
    expect(Array.from(model.getLayer('mask_class_conv').getWeights()[1]!.dataSync().slice(0, 2))).toEqual([0.02, 0.02].map(Math.fround));
    model.dispose();
  });

  it('loads a trunk from a whole-PSPNet file, ignoring and reporting the head', () => {
    const pspnet = createPspnet(pspnetCase.config);
    const report = loadTrunkWeights(pspnet, pspnet41);
    expect(report.missing).toEqual([]);
    expect(report.loaded).toHaveLength(pspnet.trunk.weights.length);
    expect(report.unexpected.filter((k) => k.startsWith('conv5_3_pool')).length).toBe(4 * 5);
    expect(report.unexpected).toEqual(expect.arrayContaining(['conv5_4/kernel', 'conv5_4_bn/gamma', 'conv6/kernel', 'conv6/bias']));
    pspnet.dispose();
  });

  it('is strict for a whole PSPNet: a trunk-only file is missing the head, another class count mismatches conv6', () => {
    const pspnet = createPspnet(pspnetCase.config);
    expect(() => loadPspnetWeights(pspnet, ssnan)).toThrow(/ssnan-resnet101\.h5.*model weight\(s\) missing from the file: .*conv5_3_pool1_conv\/kernel/);
    const other = createPspnet({ ...pspnetCase.config, numClasses: 3 });
    expect(() => loadPspnetWeights(other, pspnet41)).toThrow(/shape mismatch\(es\): conv6\/kernel model \[1,1,16,3\] file \[1,1,16,5\]/);
    const report = loadPspnetWeights(other, pspnet41, { allowShapeMismatch: true });
    expect(report.shapeMismatch.map((m) => m.name).sort()).toEqual(['conv6/bias', 'conv6/kernel']);
    expect(report.missing).toEqual([]);
    pspnet.dispose();
    other.dispose();
  });

  it('reads .h5 files and TF checkpoints from disk (@lip/pspnet/node)', async () => {
    expect((await readWeightsFile(pspnetFixtures.path('pspnet-41.h5'))).format).toBe('keras3-legacy');
    expect((await readWeightsFile(pspnetFixtures.path('ssnan-resnet101.h5'))).format).toBe('keras2');
    expect((await readWeightsFile(pspnetFixtures.path('deeplab-trunk.ckpt'))).format).toBe('tf-checkpoint');
    const pspnet = createPspnet(pspnetCase.config);
    expect((await loadPspnetWeightsFile(pspnet, pspnetFixtures.path('pspnet-41.h5'))).missing).toEqual([]);
    const deeplab = createResnetTrunk(readCase<ResnetTrunkConfig>('deeplab-trunk').config);
    const report = await loadTrunkWeightsFile(deeplab, pspnetFixtures.path('deeplab-trunk.ckpt.index'));
    expect(report.loaded).toHaveLength(deeplab.weights.length);
    pspnet.dispose();
    deeplab.dispose();
  });

  it('names what it expected for a wrong target', () => {
    expect(() => loadPspnetWeights({} as tfl.LayersModel, pspnet41)).toThrow(/loadPspnetWeights expects a Pspnet \(from createPspnet\) or a tf.LayersModel/);
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});
