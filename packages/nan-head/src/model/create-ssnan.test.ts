import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { createSsnan, resolveSsnanConfig } from '../index.js';
import { SSNAN_TRUNK_NAME } from '../internal.js';

const tiny = { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] as [number, number, number, number], seed: 5 };

beforeAll(async () => {
  await useBackend('cpu');
});

describe('createSsnan', () => {
  it('builds the reference graph: named layers, shared trunk, head shapes', () => {
    const ssnan = createSsnan(tiny);
    const names = ssnan.model.layers.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining([
      'input_image', 'multiscale_image_0', 'multiscale_image_1', 'multiscale_image_2', SSNAN_TRUNK_NAME, 'resize_features',
      'mask_att_conv', 'mask_att_dropout', 'mask_att_prob', 'weigthed_features', 'mask_denseclass_conv', 'mask_class_conv', 'mask_logits', 'mask_prob',
    ]));
    expect(ssnan.inferenceModel.layers.map((l) => l.name)).not.toContain('mask_class_conv');
    // one trunk instance, applied at the three scales
    expect(ssnan.model.layers.filter((l) => l.name === SSNAN_TRUNK_NAME)).toHaveLength(1);
    expect(ssnan.trunk.name).toBe(SSNAN_TRUNK_NAME);
    const shapes = Object.fromEntries(ssnan.model.weights.map((w) => [w.originalName, w.shape]));
    const c = ssnan.featureChannels;
    expect(c).toBe(64);
    expect(shapes['mask_att_conv/kernel']).toEqual([3, 3, 3 * c, 16]);
    expect(shapes['mask_att_conv/bias']).toEqual([16]);
    expect(shapes['mask_att_prob/kernel']).toEqual([3, 3, 16, 3]);
    expect(shapes['mask_denseclass_conv/kernel']).toEqual([3, 3, c, 20]);
    expect(shapes['mask_class_conv/kernel']).toEqual([3, 3, c, 20]);
    expect(shapes['conv1_1_3x3_s2/kernel']).toEqual([3, 3, 3, 2]);
    expect(shapes['conv5_1_3x3/kernel']).toEqual([3, 3, 16, 16]);
    ssnan.dispose();
  });

  it('uses the published sizes by default', () => {
    const config = resolveSsnanConfig();
    expect(config).toMatchObject({ depth: 101, widthMultiplier: 1, attentionWidth: 512, numClasses: 20, scales: [0.5, 0.75, 1.0], dropoutRate: 0.5, imageSize: null });
    expect(resolveSsnanConfig({ widthMultiplier: 1 / 16 }).attentionWidth).toBe(32);
  });

  it('gives mask_prob at the input size, at any size, summing to 1 over classes', () => {
    const ssnan = createSsnan(tiny);
    for (const [h, w] of [[64, 64], [37, 45]] as const) {
      const prob = ssnan.predictProbabilities(tf.randomNormal([1, h, w, 3], 0, 50, 'float32', 1) as tf.Tensor4D);
      expect(prob.shape).toEqual([1, h, w, 20]);
      const sums = tf.sum(prob, -1);
      expect(tf.max(tf.abs(tf.sub(sums, 1))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([prob, sums]);
    }
    ssnan.dispose();
  });

  it('eager NAN path equals the functional inference graph', () => {
    const ssnan = createSsnan(tiny);
    const x = tf.randomNormal([2, 48, 48, 3], 0, 50, 'float32', 2) as tf.Tensor4D;
    const graph = ssnan.predictProbabilities(x);
    const eager = tf.tidy(() => ssnan.maskProbFromFeatures(ssnan.config.scales.map((s) => ssnan.scaleFeatures(x, s, false)), x, false));
    expect(tf.max(tf.abs(tf.sub(graph, eager))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([x, graph, eager]);
    ssnan.dispose();
  });

  it('frees every weight on dispose', () => {
    const before = tf.memory().numTensors;
    createSsnan(tiny).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad configs and inputs with the field or tensor named', () => {
    expect(() => createSsnan({ depth: 34 as 50 })).toThrow(/config.depth must be 50 or 101/);
    expect(() => createSsnan({ widthMultiplier: 0 })).toThrow(/config.widthMultiplier/);
    expect(() => createSsnan({ blocksPerStage: [1, 1, 1] as unknown as [number, number, number, number] })).toThrow(/config.blocksPerStage/);
    expect(() => createSsnan({ scales: [0.5, 1.5] })).toThrow(/config.scales/);
    expect(() => createSsnan({ dropoutRate: 1 })).toThrow(/config.dropoutRate/);
    expect(() => createSsnan({ imageSize: 4 })).toThrow(/config.imageSize/);
    const ssnan = createSsnan(tiny);
    const bad = [tf.zeros([1, 32, 32]), tf.zeros([1, 32, 32, 1]), tf.zeros([1, 32, 32, 3], 'int32'), tf.zeros([1, 12, 32, 3])];
    expect(() => ssnan.predictProbabilities(bad[0] as tf.Tensor4D)).toThrow(/images must be \[batch, height, width, 3\].*got shape \[1, 32, 32\]/);
    expect(() => ssnan.predictProbabilities(bad[1] as tf.Tensor4D)).toThrow(/got shape \[1, 32, 32, 1\]/);
    expect(() => ssnan.predictProbabilities(bad[2] as tf.Tensor4D)).toThrow(/must be float32, got int32/);
    expect(() => ssnan.predictProbabilities(bad[3] as tf.Tensor4D)).toThrow(/is 12x32; sides must be at least 16/);
    tf.dispose(bad);
    ssnan.dispose();
    const fixed = createSsnan({ ...tiny, imageSize: 32 });
    const wrong = tf.zeros([1, 48, 48, 3]) as tf.Tensor4D;
    expect(() => fixed.predictProbabilities(wrong)).toThrow(/built for 32x32 \(config.imageSize\)/);
    wrong.dispose();
    fixed.dispose();
  });
});

describe('ssnanFromModel', () => {
  it('wraps ssnan.model saved and loaded in the tfjs layers format, with the same predictions', async () => {
    const { ssnanFromModel } = await import('../index.js');
    const tfl = await import('@tensorflow/tfjs-layers');
    const ssnan = createSsnan({ ...tiny, attentionWidth: 8, dropoutRate: 0.25 });
    let artifacts: tf.io.ModelArtifacts | null = null;
    await ssnan.model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const restored = ssnanFromModel(await tfl.loadLayersModel(tf.io.fromMemory(artifacts!)));
    expect(restored.config).toEqual(ssnan.config);
    expect(restored.model.weights.map((w) => w.originalName)).toEqual(ssnan.model.weights.map((w) => w.originalName));
    const x = tf.randomNormal([1, 40, 40, 3], 0, 50, 'float32', 9) as tf.Tensor4D;
    const a = ssnan.predictProbabilities(x);
    const b = restored.predictProbabilities(x);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    tf.dispose([x, a, b]);
    expect(() => ssnanFromModel(ssnan.inferenceModel)).toThrow(/has 1 output\(s\)/);
    restored.dispose();
    ssnan.dispose();
  });
});
