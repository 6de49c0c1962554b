import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend, WeightImportError, type WeightSource } from '@lip/runtime';
import { readKerasWeightsFile } from '@lip/runtime/node';
import { createSsnan, loadSsnanWeights, type Ssnan } from '../index.js';
import { loadSsnanWeightsFile } from '../node.js';
import { ssnanFixtures, fixtureSsnanConfig } from '../testing/ssnan-fixture.js';

let ssnanFile: WeightSource;
let pspnetFile: WeightSource;
beforeAll(async () => {
  await useBackend('cpu');
  ssnanFile = await readKerasWeightsFile(ssnanFixtures.path('ssnan_tiny.h5'));
  pspnetFile = await readKerasWeightsFile(ssnanFixtures.path('pspnet_tiny_flat.h5'));
});

const valueOf = (ssnan: Ssnan, name: string) => ssnan.model.weights.find((w) => w.originalName === name)!.read().dataSync().slice();
const fileValue = (source: WeightSource, layer: string, role: string) => source.tensors.find((t) => t.layer === layer && t.role === role)!.values;
const without = (source: WeightSource, drop: (layer: string) => boolean): WeightSource => ({ ...source, tensors: source.tensors.filter((t) => !drop(t.layer)) });

describe('loadSsnanWeights', () => {
  it('loads an SS-NAN file (nested resnet101_model + head groups) completely', async () => {
    const ssnan = createSsnan(fixtureSsnanConfig());
    const report = await loadSsnanWeightsFile(ssnan, ssnanFixtures.path('ssnan_tiny.h5'));
    expect(report.format).toBe('ssnan');
    expect(report.loaded).toHaveLength(ssnan.model.weights.length);
    expect(report).toMatchObject({ missing: [], unexpected: [], shapeMismatch: [] });
    expect(valueOf(ssnan, 'conv5_1_3x3_bn/moving_variance')).toEqual(fileValue(ssnanFile, 'conv5_1_3x3_bn', 'moving_variance'));
    expect(valueOf(ssnan, 'mask_att_prob/bias')).toEqual(fileValue(ssnanFile, 'mask_att_prob', 'bias'));
    ssnan.dispose();
  });

  it('loads a PSPNet-Keras file (--model imagenet) into the trunk only, skipping the PSP module, conv5_4 and conv6', () => {
    const ssnan = createSsnan(fixtureSsnanConfig());
    const head = valueOf(ssnan, 'mask_att_conv/kernel');
    const report = loadSsnanWeights(ssnan, pspnetFile);
    expect(report.format).toBe('pspnet');
    expect(report.loaded).toHaveLength(ssnan.trunk.weights.length);
    expect(report).toMatchObject({ missing: [], unexpected: [], shapeMismatch: [] });
    expect(valueOf(ssnan, 'conv1_1_3x3_s2/kernel')).toEqual(fileValue(pspnetFile, 'conv1_1_3x3_s2', 'kernel'));
    expect(valueOf(ssnan, 'mask_att_conv/kernel')).toEqual(head);
    ssnan.dispose();
  });

  it('accepts a checkpoint without some head layers (a pretrain checkpoint) and reports them missing', () => {
    const ssnan = createSsnan(fixtureSsnanConfig());
    const pretrainCheckpoint = without(ssnanFile, (l) => l === 'mask_att_conv' || l === 'mask_att_prob' || l === 'mask_denseclass_conv');
    const report = loadSsnanWeights(ssnan, pretrainCheckpoint);
    expect(report.missing.sort()).toEqual(['mask_att_conv/bias', 'mask_att_conv/kernel', 'mask_att_prob/bias', 'mask_att_prob/kernel', 'mask_denseclass_conv/bias', 'mask_denseclass_conv/kernel']);
    const before = valueOf(ssnan, 'conv1_2_3x3/kernel');
    expect(() => loadSsnanWeights(ssnan, without(ssnanFile, (l) => l.startsWith('mask_att')), { allowMissingHead: false })).toThrow(/head weight\(s\) not in the file: mask_att_conv\/kernel/);
    expect(valueOf(ssnan, 'conv1_2_3x3/kernel')).toEqual(before);
    ssnan.dispose();
  });

  it('refuses a file that lacks trunk weights, or holds unknown or mis-shaped tensors, before assigning anything', () => {
    const ssnan = createSsnan(fixtureSsnanConfig());
    const untouched = valueOf(ssnan, 'mask_class_conv/kernel');
    const noStage5 = without(ssnanFile, (l) => l.startsWith('conv5_1_3x3'));
    expect(() => loadSsnanWeights(ssnan, noStage5)).toThrow(WeightImportError);
    expect(() => loadSsnanWeights(ssnan, noStage5)).toThrow(/5 weight\(s\) of the trunk 'resnet101_model' are not in the file: conv5_1_3x3\/kernel/);
    expect(valueOf(ssnan, 'mask_class_conv/kernel')).toEqual(untouched);
    expect(loadSsnanWeights(ssnan, noStage5, { allowMissing: true }).missing).toContain('conv5_1_3x3_bn/gamma');

    const extra: WeightSource = { ...ssnanFile, tensors: [...ssnanFile.tensors, { name: 'mask_extra/mask_extra/kernel:0', layer: 'mask_extra', role: 'kernel', shape: [1], dtype: 'float32', values: new Float32Array(1) }] };
    expect(() => loadSsnanWeights(ssnan, extra)).toThrow(/match no model weight: mask_extra\/kernel/);
    expect(loadSsnanWeights(ssnan, extra, { allowUnexpected: true }).unexpected).toEqual(['mask_extra/kernel']);

    const wider = createSsnan({ ...fixtureSsnanConfig(), widthMultiplier: 1 / 16, attentionWidth: 16 });
    expect(() => loadSsnanWeights(wider, ssnanFile)).toThrow(/shape mismatch/);
    expect(() => loadSsnanWeights(ssnan, ssnanFile, { format: 'keras' as 'ssnan' })).toThrow(/format must be 'auto', 'ssnan' or 'pspnet'/);
    wider.dispose();
    ssnan.dispose();
  });

  it('names a missing file', async () => {
    const ssnan = createSsnan(fixtureSsnanConfig());
    await expect(loadSsnanWeightsFile(ssnan, '/nonexistent/att_pspnet.h5')).rejects.toThrow(/not found: \/nonexistent\/att_pspnet.h5/);
    ssnan.dispose();
  });
});
