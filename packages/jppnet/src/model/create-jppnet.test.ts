import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { AtrousConv2D, useBackend } from '@lip/runtime';
import { createJppnet } from './create-jppnet.js';
import { resolveJppnetConfig } from './jppnet-config.js';
import { readJppnetFixture } from '../testing/fixture.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** 'layer/role' → shape over the whole model and any nested model. */
function weightShapes(model: tfl.LayersModel): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const walk = (m: tfl.LayersModel) => {
    for (const layer of m.layers) {
      if ((layer as tfl.LayersModel).layers != null) walk(layer as tfl.LayersModel);
      else for (const w of layer.weights) shapes.set(`${layer.name}/${w.originalName.split('/').pop()}`, [...w.shape] as number[]);
    }
  };
  walk(model);
  return shapes;
}

function config(model: tfl.LayersModel, name: string): Record<string, unknown> {
  return model.getLayer(name).getConfig() as Record<string, unknown>;
}

describe('createJppnet', () => {
  it('builds the published JPPNet-s2: reference names and shapes, 3+3 stage outputs at 1/8, parameter count of the TF graph', () => {
    const jppnet = createJppnet();
    const { model } = jppnet;
    expect(model.name).toBe('jppnet');
    expect(jppnet.stages).toBe(3);
    expect(jppnet.trunk.name).toBe('resnet101');
    expect(jppnet.config.poseTap).toBe('res4b22_relu');
    expect(model.outputs.map((o) => o.sourceLayer.name)).toEqual([
      'fc1_human', 'fc2_parsing/parsing_human', 'fc3_parsing/parsing_human',
      'fc1_pose/pose_conv8', 'fc2_pose/conv6', 'fc3_pose/conv6',
    ]);
    expect(model.outputs.map((o) => o.shape[3])).toEqual([20, 20, 20, 16, 16, 16]);
    // fixtures/jppnet_tf1.py's full-size graph has 624 variables (trunk 104 convs + 104 BNs × 4, heads 104)
    // holding 122,154,464 values (tf.compat.v1.global_variables, BN moving statistics included).
    expect(model.countParams()).toBe(122_154_464);
    const shapes = weightShapes(model);
    expect(shapes.size).toBe(624);
    expect(shapes.get('fc1_human_c0/kernel')).toEqual([3, 3, 2048, 20]);
    expect(shapes.get('fc1_human_c3/bias')).toEqual([20]);
    expect(shapes.get('res5d_branch2a_parsing/kernel')).toEqual([3, 3, 2048, 512]);
    expect(shapes.get('res5d_branch2b_parsing/kernel')).toEqual([3, 3, 512, 256]);
    expect(shapes.get('fc1_pose/pose_conv1/kernel')).toEqual([3, 3, 1024, 512]);
    expect(shapes.get('fc1_pose/pose_conv7/kernel')).toEqual([1, 1, 256, 512]);
    expect(shapes.get('fc1_pose/pose_conv8/kernel')).toEqual([1, 1, 512, 16]);
    for (const k of [2, 3]) {
      expect(shapes.get(`fc${k}_pose/pose_remap/kernel`)).toEqual([1, 1, 16, 128]);
      expect(shapes.get(`fc${k}_pose/parsing_remap/kernel`)).toEqual([1, 1, 20, 128]);
      expect(shapes.get(`fc${k}_pose/conv1/kernel`)).toEqual([3, 3, 512, 512]);
      expect(shapes.get(`fc${k}_pose/conv2/kernel`)).toEqual([5, 5, 512, 256]);
      expect(shapes.get(`fc${k}_pose/conv3/kernel`)).toEqual([7, 7, 256, 256]);
      expect(shapes.get(`fc${k}_pose/conv4/kernel`)).toEqual([9, 9, 256, 256]);
      expect(shapes.get(`fc${k}_pose/conv6/kernel`)).toEqual([1, 1, 256, 16]);
      expect(shapes.get(`fc${k}_parsing/parsing_conv1/kernel`)).toEqual([3, 3, 512, 512]);
      expect(shapes.get(`fc${k}_parsing/parsing_conv5/kernel`)).toEqual([1, 1, 256, 256]);
      expect(shapes.get(`fc${k}_parsing/parsing_human4/kernel`)).toEqual([3, 3, 256, 20]);
    }
    // Dilations: ASPP rates, ReLU only on the features, linear outputs.
    expect([0, 1, 2, 3].map((i) => config(model, `fc1_human_c${i}`)['dilationRate'])).toEqual([[6, 6], [12, 12], [18, 18], [24, 24]]);
    expect([1, 2, 3, 4].map((i) => config(model, `fc2_parsing/parsing_human${i}`)['dilationRate'])).toEqual([[6, 6], [12, 12], [18, 18], [24, 24]]);
    expect(model.layers.filter((l) => l instanceof AtrousConv2D && !jppnet.trunk.layers.includes(l))).toHaveLength(12);
    expect(config(model, 'fc1_human_c0')).toMatchObject({ activation: 'linear', useBias: true, padding: 'same' });
    expect(config(model, 'res5d_branch2b_parsing')).toMatchObject({ activation: 'relu' });
    expect(config(model, 'fc1_pose/pose_conv6')).toMatchObject({ activation: 'relu', kernelSize: [3, 3] });
    expect(config(model, 'fc1_pose/pose_conv8')).toMatchObject({ activation: 'linear' });
    expect(config(model, 'fc3_pose/conv5')).toMatchObject({ activation: 'relu', kernelSize: [1, 1] });
    expect(config(model, 'fc3_pose/conv6')).toMatchObject({ activation: 'linear' });
    // Concat order: pose_refine [pose, parsing, feature]; parsing_refine [parsing, pose, feature].
    const inbound = (name: string) => (model.getLayer(name) as unknown as { inboundNodes: Array<{ inboundLayers: tfl.layers.Layer[] }> }).inboundNodes[0]!.inboundLayers.map((l) => l.name);
    expect(inbound('fc2_pose/concat')).toEqual(['fc2_pose/pose_remap', 'fc2_pose/parsing_remap', 'fc1_pose/pose_conv6']);
    expect(inbound('fc2_parsing/concat')).toEqual(['fc2_parsing/parsing_remap', 'fc2_parsing/pose_remap', 'res5d_branch2b_parsing']);
    expect(inbound('fc3_pose/concat')).toEqual(['fc3_pose/pose_remap', 'fc3_pose/parsing_remap', 'fc2_pose/conv4']);
    expect(inbound('fc3_parsing/concat')).toEqual(['fc3_parsing/parsing_remap', 'fc3_parsing/pose_remap', 'fc2_parsing/parsing_conv4']);
    // Stage k reads stage k−1's outputs.
    expect(inbound('fc3_pose/pose_remap')).toEqual(['fc2_pose/conv6']);
    expect(inbound('fc3_pose/parsing_remap')).toEqual(['fc2_parsing/parsing_human']);
    expect(inbound('fc2_parsing/pose_remap')).toEqual(['fc1_pose/pose_conv8']);
    expect(inbound('fc1_pose/pose_conv1')).toEqual(['res4b22_relu']);
    jppnet.dispose();
  });

  it('matches the TF graph variable list of the tiny fixture, and runs any input size with outputs at ceil(side / 8)', () => {
    const fixture = readJppnetFixture();
    const tensorsBefore = tf.memory().numTensors;
    const jppnet = createJppnet({ ...fixture.config, seed: 1 });
    const shapes = weightShapes(jppnet.model);
    const role = (leaf: string) => ({ weights: 'kernel', w: 'kernel', biases: 'bias', b: 'bias' })[leaf] ?? leaf;
    const expected = new Map(Object.entries(fixture.variables).map(([n, s]) => [`${n.slice(0, n.lastIndexOf('/'))}/${role(n.slice(n.lastIndexOf('/') + 1))}`, s]));
    expect(new Map([...shapes].sort())).toEqual(new Map([...expected].sort()));
    for (const [h, w] of [[33, 47], [64, 64]] as const) {
      const out = tf.tidy(() => jppnet.predictStages(tf.zeros([2, h, w, 3])));
      expect(out.parsing.map((p) => p.shape)).toEqual(Array(3).fill([2, Math.ceil(h / 8), Math.ceil(w / 8), 20]));
      expect(out.pose.map((p) => p.shape)).toEqual(Array(3).fill([2, Math.ceil(h / 8), Math.ceil(w / 8), 16]));
      tf.dispose([...out.parsing, ...out.pose]);
    }
    jppnet.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('runs every trunk layer once per forward, although two trunk outputs feed the heads', async () => {
    const jppnet = createJppnet({ widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 2, 1], seed: 3 });
    const batchNorms = jppnet.trunk.layers.filter((l) => l.getClassName() === 'BatchNormalization').length;
    const profile = await tf.profile(() => {
      const out = jppnet.predictStages(tf.zeros([1, 32, 32, 3]));
      tf.dispose([...out.parsing, ...out.pose]);
    });
    expect(profile.kernels.filter((k) => k.name === 'FusedBatchNorm')).toHaveLength(batchNorms);
    jppnet.dispose();
  });

  it('takes any number of refinement stages, class and joint counts, and a head width', () => {
    const base = { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] as const, seed: 2 };
    const s0 = createJppnet({ ...base, refinementStages: 0, batchNorm: { momentum: 0.9 } });
    expect(s0.model.outputs.map((o) => o.sourceLayer.name)).toEqual(['fc1_human', 'fc1_pose/pose_conv8']);
    expect(s0.trunk.getLayer('bn5a_branch2c').getConfig()).toMatchObject({ momentum: 0.9, epsilon: 1e-3 });
    expect(s0.config.poseTap).toBe('res4a_relu');
    const s3 = createJppnet({ ...base, refinementStages: 3, numClasses: 7, numJoints: 5, headWidthMultiplier: 1 / 64 });
    expect(s3.model.outputs.map((o) => o.sourceLayer.name)).toEqual([
      'fc1_human', 'fc2_parsing/parsing_human', 'fc3_parsing/parsing_human', 'fc4_parsing/parsing_human',
      'fc1_pose/pose_conv8', 'fc2_pose/conv6', 'fc3_pose/conv6', 'fc4_pose/conv6',
    ]);
    expect(s3.model.outputs.map((o) => o.shape[3])).toEqual([7, 7, 7, 7, 5, 5, 5, 5]);
    expect(s3.model.getLayer('fc4_pose/conv1').getWeights()[0]!.shape).toEqual([3, 3, 8, 8]);
    expect(s3.model.getUserDefinedMetadata()).toMatchObject({ jppnet: { refinementStages: 3, numClasses: 7, numJoints: 5, headWidthMultiplier: 1 / 64 } });
    s0.dispose();
    s3.dispose();
  });

  it('initialises like the reference (ops convs σ 0.01, biases 0) or He-normal, reproducibly from the seed', () => {
    const base = { widthMultiplier: 1 / 8, blocksPerStage: [1, 1, 1, 1] as const, refinementStages: 1 };
    const std = (j: ReturnType<typeof createJppnet>, name: string) => tf.tidy(() => tf.sqrt(tf.moments(j.model.getLayer(name).getWeights()[0]!).variance).dataSync()[0]!);
    const ref = createJppnet({ ...base, seed: 5 });
    const he = createJppnet({ ...base, seed: 5, headInitializer: 'he' });
    const again = createJppnet({ ...base, seed: 5 });
    expect(std(ref, 'fc2_pose/conv4')).toBeCloseTo(0.0088, 3); // truncated normal σ 0.01 has std 0.0088
    expect(std(he, 'fc2_pose/conv4')).toBeCloseTo(Math.sqrt(2 / (81 * 32)), 2);
    expect(ref.model.getLayer('fc2_pose/conv4').getWeights()[1]!.dataSync().every((v) => v === 0)).toBe(true);
    expect(Array.from(again.model.getLayer('fc1_human_c1').getWeights()[0]!.dataSync().slice(0, 5))).toEqual(Array.from(ref.model.getLayer('fc1_human_c1').getWeights()[0]!.dataSync().slice(0, 5)));
    [ref, he, again].forEach((j) => j.dispose());
  });

  it('rejects bad configs with errors that say what was expected', () => {
    expect(() => resolveJppnetConfig({ refinementStages: -1 })).toThrow(/refinementStages must be an integer ≥ 0, got -1/);
    expect(() => resolveJppnetConfig({ refinementStages: 1.5 })).toThrow(/refinementStages must be an integer ≥ 0/);
    expect(() => resolveJppnetConfig({ numClasses: 0 })).toThrow(/numClasses must be a positive integer, got 0/);
    expect(() => resolveJppnetConfig({ headWidthMultiplier: -1 })).toThrow(/headWidthMultiplier must be a positive number/);
    expect(() => resolveJppnetConfig({ headInitializer: 'glorot' as 'he' })).toThrow(/headInitializer must be 'reference' or 'he'/);
    expect(() => resolveJppnetConfig({ widthMultiplier: 0 })).toThrow(/widthMultiplier must be a positive number/);
    const jppnet = createJppnet({ widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], refinementStages: 0 });
    expect(() => jppnet.predictStages(tf.zeros([8, 8, 3]) as unknown as tf.Tensor4D)).toThrow(/predictStages expects images \[batch, height, width, 3\].*shape \[8,8,3\]/);
    jppnet.dispose();
  });
});
