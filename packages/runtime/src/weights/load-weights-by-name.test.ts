import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { atrousConv2dLayer, loadWeightsByName, readTfCheckpoint, type WeightSource } from '../index.js';
import { readKerasWeightsFile } from '../node.js';
import { useBackend } from '../backend/use-backend.js';
import { expectedTensors, expectedWeights, weightFixtures } from './testing/weight-fixtures.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Every variable of the model (nested models included) by `layer/role`. */
function variablesByKey(model: tfl.LayersModel): Map<string, tfl.LayerVariable> {
  const map = new Map<string, tfl.LayerVariable>();
  const walk = (layers: tfl.layers.Layer[]) => {
    for (const layer of layers) {
      if (layer instanceof tfl.LayersModel) walk(layer.layers);
      else for (const w of layer.weights) map.set(`${layer.name}/${w.originalName.split('/').pop()}`, w);
    }
  };
  walk(model.layers);
  return map;
}

function valuesOf(variable: tfl.LayerVariable): number[] {
  return Array.from(variable.read().dataSync());
}

/** The SS-NAN shape of keras2_model.h5: a trunk model shared by three scales, concatenated, then a head. */
function ssnanLikeModel(options: { classes?: number; extraLayer?: boolean; dropHead?: boolean } = {}): tfl.LayersModel {
  const image = tfl.input({ shape: [8, 8, 3], name: 'trunk_in' });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'conv1_1_3x3_s2' }).apply(image);
  x = tfl.layers.batchNormalization({ epsilon: 1e-5, name: 'conv1_1_3x3_s2_bn' }).apply(x);
  x = tfl.layers.conv2d({ filters: 2, kernelSize: 1, useBias: false, name: 'conv2_1_1x1_reduce' }).apply(x);
  x = tfl.layers.batchNormalization({ epsilon: 1e-5, name: 'conv2_1_1x1_reduce_bn' }).apply(x);
  const trunk = tfl.model({ inputs: image, outputs: x as tfl.SymbolicTensor, name: 'resnet101_model' });

  const inputs = [0, 1, 2].map((i) => tfl.input({ shape: [8, 8, 3], name: `scale_${i}` }));
  let y = tfl.layers.concatenate().apply(inputs.map((input) => trunk.apply(input) as tfl.SymbolicTensor));
  y = tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'mask_att_conv' }).apply(y);
  if (options.extraLayer) y = tfl.layers.conv2d({ filters: 3, kernelSize: 1, name: 'mask_extra_conv' }).apply(y);
  y = tfl.layers.activation({ activation: 'relu', name: 'activation_1' }).apply(y);
  if (!options.dropHead) y = tfl.layers.conv2d({ filters: options.classes ?? 5, kernelSize: 1, name: 'mask_class_conv' }).apply(y);
  return tfl.model({ inputs, outputs: y as tfl.SymbolicTensor, name: 'ssnan_like' });
}

function keras3LikeModel(): tfl.LayersModel {
  const image = tfl.input({ shape: [8, 8, 3], name: 'image' });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv1' }).apply(image);
  x = tfl.layers.batchNormalization({ epsilon: 1e-5, name: 'conv1_bn' }).apply(x);
  x = tfl.layers.activation({ activation: 'relu', name: 'conv1_relu' }).apply(x);
  x = atrousConv2dLayer({ filters: 2, kernelSize: 3, padding: 'same', dilationRate: 2, useBias: false, name: 'conv2_atrous' }).apply(x);
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x);
  x = tfl.layers.dense({ units: 5, name: 'fc' }).apply(x);
  return tfl.model({ inputs: image, outputs: x as tfl.SymbolicTensor, name: 'tiny' });
}

describe('loadWeightsByName', () => {
  it('puts every value of the Keras 2 file (nested trunk, float16 bias) into the right variable, walking the nested model', async () => {
    const model = ssnanLikeModel();
    const before = tf.memory().numTensors;
    const report = loadWeightsByName(model, await readKerasWeightsFile(weightFixtures.path('keras2_model.h5')));
    expect(tf.memory().numTensors).toBe(before);
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.shapeMismatch).toEqual([]);
    expect(report.loaded).toEqual([
      'conv1_1_3x3_s2/kernel',
      'conv1_1_3x3_s2_bn/gamma',
      'conv1_1_3x3_s2_bn/beta',
      'conv1_1_3x3_s2_bn/moving_mean',
      'conv1_1_3x3_s2_bn/moving_variance',
      'conv2_1_1x1_reduce/kernel',
      'conv2_1_1x1_reduce_bn/gamma',
      'conv2_1_1x1_reduce_bn/beta',
      'conv2_1_1x1_reduce_bn/moving_mean',
      'conv2_1_1x1_reduce_bn/moving_variance',
      'mask_att_conv/kernel',
      'mask_att_conv/bias',
      'mask_class_conv/kernel',
      'mask_class_conv/bias',
    ]);
    const variables = variablesByKey(model);
    for (const want of expectedTensors('keras2_model.h5')) {
      expect(valuesOf(variables.get(`${want.layer}/${want.role}`)!), want.name).toEqual(want.values);
    }
  });

  it('reproduces the Keras 3 model output after loading its legacy .h5 (conv, bn, relu, dilated conv, dense)', async () => {
    const model = keras3LikeModel();
    const report = loadWeightsByName(model, await readKerasWeightsFile(weightFixtures.path('keras3_legacy.h5')));
    expect(report.loaded.length).toBe(9);
    const variables = variablesByKey(model);
    for (const want of expectedTensors('keras3_legacy.h5')) {
      expect(valuesOf(variables.get(`${want.layer}/${want.role}`)!), want.name).toEqual(want.values);
    }
    const probe = tf.reshape(tf.linspace(-1, 1, 192), [1, 8, 8, 3]);
    const output = Array.from((model.predict(probe) as tf.Tensor).dataSync());
    const reference = expectedWeights.keras3_legacy_output.output;
    output.forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 5));
  });

  it('loads JPPNet-style checkpoint names, with rename (record and function) dropping global_step', () => {
    const image = tfl.input({ shape: [6, 6, 4] });
    let x = tfl.layers.conv2d({ filters: 3, kernelSize: 1, useBias: false, name: 'res2a_branch2a' }).apply(image);
    x = tfl.layers.batchNormalization({ epsilon: 1e-3, name: 'bn2a_branch2a' }).apply(x);
    const parsing = atrousConv2dLayer({ filters: 2, kernelSize: 3, dilationRate: 6, padding: 'same', name: 'fc1_human_c0_s075' }).apply(x);
    const pose = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'fc1_pose_pose_conv1' }).apply(x);
    const model = tfl.model({ inputs: image, outputs: [parsing as tfl.SymbolicTensor, pose as tfl.SymbolicTensor] });
    const source = readTfCheckpoint(
      { index: weightFixtures.bytes('jppnet_like.ckpt.index'), shards: expectedWeights.jppnet_like_files.filter((f) => f.includes('.data-')).map(weightFixtures.bytes) },
      { description: 'jppnet_like.ckpt' },
    );
    expect(() => loadWeightsByName(model, source)).toThrow(
      'Cannot load jppnet_like.ckpt into model "' + model.name + '": 2 model weight(s) missing from the file: fc1_pose_pose_conv1/kernel, fc1_pose_pose_conv1/bias; ' +
        '3 tensor(s) in the file match no model weight: fc1_pose/pose_conv1/bias (fc1_pose/pose_conv1/b), fc1_pose/pose_conv1/kernel (fc1_pose/pose_conv1/w), /global_step (global_step).',
    );
    const report = loadWeightsByName(model, source, {
      rename: (layer) => (layer === '' ? null : layer.replace('/', '_')),
    });
    expect(report.loaded).toHaveLength(9);
    const variables = variablesByKey(model);
    for (const [name, key] of [
      ['res2a_branch2a/weights', 'res2a_branch2a/kernel'],
      ['bn2a_branch2a/moving_mean', 'bn2a_branch2a/moving_mean'],
      ['bn2a_branch2a/moving_variance', 'bn2a_branch2a/moving_variance'],
      ['fc1_human_c0_s075/weights', 'fc1_human_c0_s075/kernel'],
      ['fc1_human_c0_s075/biases', 'fc1_human_c0_s075/bias'],
      ['fc1_pose/pose_conv1/w', 'fc1_pose_pose_conv1/kernel'],
      ['fc1_pose/pose_conv1/b', 'fc1_pose_pose_conv1/bias'],
    ] as const) {
      const want = expectedTensors('jppnet_like.ckpt').find((e) => e.name === name)!;
      expect(valuesOf(variables.get(key)!), name).toEqual(want.values);
    }
    const withRecord = loadWeightsByName(model, source, {
      rename: { 'fc1_pose/pose_conv1': 'fc1_pose_pose_conv1' },
      allowUnexpected: true,
    });
    expect(withRecord.unexpected).toEqual(['/global_step']);
    expect(withRecord.loaded).toEqual(report.loaded);
  });

  it('strips a scope prefix given as a string or a RegExp', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 3, name: 'fc' })] });
    const source = (layer: string): WeightSource => ({
      format: 'tf-checkpoint',
      description: 'scoped.ckpt',
      tensors: [
        { name: `${layer}/weights`, layer, role: 'kernel', shape: [2, 3], dtype: 'float32', values: new Float32Array([1, 2, 3, 4, 5, 6]) },
        { name: `${layer}/biases`, layer, role: 'bias', shape: [3], dtype: 'float32', values: new Float32Array([7, 8, 9]) },
      ],
    });
    expect(loadWeightsByName(model, source('resnet/fc'), { stripPrefix: 'resnet' }).loaded).toEqual(['fc/kernel', 'fc/bias']);
    expect(loadWeightsByName(model, source('resnet/fc'), { stripPrefix: 'resnet/' }).loaded).toEqual(['fc/kernel', 'fc/bias']);
    expect(loadWeightsByName(model, source('tower_0/net/fc'), { stripPrefix: /^tower_\d+\/net\// }).loaded).toEqual(['fc/kernel', 'fc/bias']);
    expect(valuesOf(model.layers[0]!.weights[1]!)).toEqual([7, 8, 9]);
    expect(() => loadWeightsByName(model, source('resnet/fc'), { stripPrefix: 'other' })).toThrow(
      '2 model weight(s) missing from the file: fc/kernel, fc/bias; 2 tensor(s) in the file match no model weight: resnet/fc/kernel (resnet/fc/weights), resnet/fc/bias (resnet/fc/biases)',
    );
  });

  it('reports missing, unexpected and shape-mismatched weights as errors, assigning nothing', async () => {
    const source = await readKerasWeightsFile(weightFixtures.path('keras2_model.h5'));
    const model = ssnanLikeModel({ classes: 7, extraLayer: true });
    const before = model.weights.map((w) => valuesOf(w));
    let message = '';
    try {
      loadWeightsByName(model, source);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      `Cannot load ${weightFixtures.path('keras2_model.h5')} into model "ssnan_like": ` +
        '2 model weight(s) missing from the file: mask_extra_conv/kernel, mask_extra_conv/bias; ' +
        '2 shape mismatch(es): mask_class_conv/kernel model [1,1,3,7] file [1,1,3,5], mask_class_conv/bias model [7] file [5]. ' +
        'Pass allowMissing / allowUnexpected / allowShapeMismatch to load anyway, or map names with stripPrefix / rename.',
    );
    expect(model.weights.map((w) => valuesOf(w))).toEqual(before);

    expect(() => loadWeightsByName(model, source, { allowMissing: true })).toThrow(/^Cannot load .*: 2 shape mismatch\(es\)/);
    expect(() => loadWeightsByName(model, source, { allowShapeMismatch: true })).toThrow(/^Cannot load .*: 2 model weight\(s\) missing/);
    const report = loadWeightsByName(model, source, { allowMissing: true, allowShapeMismatch: true });
    expect(report.missing).toEqual(['mask_extra_conv/kernel', 'mask_extra_conv/bias']);
    expect(report.shapeMismatch).toEqual([
      { name: 'mask_class_conv/kernel', expected: [1, 1, 3, 7], actual: [1, 1, 3, 5] },
      { name: 'mask_class_conv/bias', expected: [7], actual: [5] },
    ]);
    expect(report.unexpected).toEqual([]);
    expect(report.loaded).toHaveLength(12);
    const variables = variablesByKey(model);
    // Missing and mismatched weights keep their values; the rest are the file's.
    for (const key of ['mask_extra_conv/kernel', 'mask_class_conv/kernel', 'mask_class_conv/bias']) {
      const index = model.weights.indexOf(variables.get(key)!);
      expect(valuesOf(variables.get(key)!)).toEqual(before[index]);
    }
    const want = expectedTensors('keras2_model.h5').find((e) => e.name === 'mask_att_conv/mask_att_conv/kernel:0')!;
    expect(valuesOf(variables.get('mask_att_conv/kernel')!)).toEqual(want.values);

    const headless = ssnanLikeModel({ dropHead: true });
    expect(() => loadWeightsByName(headless, source)).toThrow(
      /: 2 tensor\(s\) in the file match no model weight: mask_class_conv\/kernel \(mask_class_conv\/mask_class_conv\/kernel:0\), mask_class_conv\/bias \(mask_class_conv\/mask_class_conv\/bias:0\)\./,
    );
    expect(loadWeightsByName(headless, source, { allowUnexpected: true }).unexpected).toEqual(['mask_class_conv/kernel', 'mask_class_conv/bias']);
  });

  it('fills every copy of a layer name (outer and nested) and rejects two tensors mapping to one weight', () => {
    const inner = tfl.sequential({ name: 'inner', layers: [tfl.layers.dense({ inputShape: [2], units: 2, name: 'fc', useBias: false })] });
    const input = tfl.input({ shape: [2] });
    const outer = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 2, name: 'fc', useBias: false }).apply(inner.apply(input)) as tfl.SymbolicTensor });
    const source: WeightSource = {
      format: 'keras2',
      description: 'dup.h5',
      tensors: [{ name: 'fc/fc/kernel:0', layer: 'fc', role: 'kernel', shape: [2, 2], dtype: 'float32', values: new Float32Array([1, 2, 3, 4]) }],
    };
    expect(loadWeightsByName(outer, source).loaded).toEqual(['fc/kernel']);
    expect(outer.weights.map(valuesOf)).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    const twice: WeightSource = { ...source, tensors: [...source.tensors, { ...source.tensors[0]!, name: 'scope/fc/kernel:0', layer: 'scope/fc' }] };
    expect(() => loadWeightsByName(outer, twice, { stripPrefix: 'scope' })).toThrow(
      'dup.h5: tensors fc/fc/kernel:0 and scope/fc/kernel:0 both map to fc/kernel; use rename to tell them apart',
    );
  });

  it('converts int64 into int32 weights exactly and refuses values beyond int32', () => {
    class Counter extends tfl.layers.Layer {
      static className = 'Counter';
      override build() {
        this.addWeight('count', [2], 'int32', tfl.initializers.zeros(), undefined, false);
        this.built = true;
      }
    }
    const layer = new Counter({ name: 'counter' });
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [1], units: 1, name: 'fc' }), layer] });
    const source = (values: bigint[]): WeightSource => ({
      format: 'tf-checkpoint',
      description: 'steps.ckpt',
      tensors: [{ name: 'counter/count', layer: 'counter', role: 'count', shape: [2], dtype: 'int64', values: BigInt64Array.from(values) }],
    });
    expect(loadWeightsByName(model, source([5n, -2147483648n]), { allowMissing: true }).loaded).toEqual(['counter/count']);
    expect(valuesOf(layer.weights[0]!)).toEqual([5, -2147483648]);
    expect(() => loadWeightsByName(model, source([2n ** 31n, 0n]), { allowMissing: true })).toThrow(
      'steps.ckpt: counter/count (int64) cannot go into a int32 weight: it holds 2147483648, beyond the int32 range',
    );
  });
});
