import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import '../training.js'; // training on wasm needs its Conv2DBackpropFilter
import { useBackend } from '../backend/use-backend.js';
import { AtrousConv2D, atrousConv2dLayer } from './atrous-conv2d-layer.js';
import { seededTensor } from '../testing/test-backends.js';

function tinyModel(seed = 1): tfl.LayersModel {
  const input = tfl.input({ shape: [12, 12, 3] });
  const conv = atrousConv2dLayer({
    filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu', name: 'res5a_branch2b',
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
  });
  const head = tfl.layers.conv2d({ filters: 2, kernelSize: 1, name: 'fc', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 100 }) });
  return tfl.model({ inputs: input, outputs: head.apply(conv.apply(input)) as tfl.SymbolicTensor });
}

describe('AtrousConv2D layer', () => {
  beforeAll(async () => { await useBackend('wasm'); });

  it('has exactly the weights of a Keras Conv2D', () => {
    const layer = atrousConv2dLayer({ filters: 5, kernelSize: [3, 3], dilationRate: 4, padding: 'same', name: 'conv5_3' });
    layer.build([null, 16, 16, 7]);
    expect(layer.getWeights().map((w) => w.shape)).toEqual([[3, 3, 7, 5], [5]]);
    expect(tinyModel().weights.map((w) => w.name)).toEqual(['res5a_branch2b/kernel', 'res5a_branch2b/bias', 'fc/kernel', 'fc/bias']);
    const plain = tfl.layers.conv2d({ filters: 5, kernelSize: 3, dilationRate: 4, padding: 'same', name: 'plain' });
    plain.build([null, 16, 16, 7]);
    plain.setWeights(layer.getWeights());
    const x = seededTensor([2, 16, 16, 7], 3);
    const ours = layer.apply(x) as tf.Tensor;
    const keras = plain.apply(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(ours, keras))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('with dilation 1 is tf.layers.conv2d (same kernels run)', async () => {
    const layer = atrousConv2dLayer({ filters: 3, kernelSize: 3, padding: 'same' });
    layer.build([null, 8, 8, 2]);
    const x = seededTensor([1, 8, 8, 2], 4);
    const stock = tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' });
    stock.build([null, 8, 8, 2]);
    const ours = await tf.profile(() => layer.apply(x) as tf.Tensor);
    const keras = await tf.profile(() => stock.apply(x) as tf.Tensor);
    expect(ours.kernelNames).toEqual(keras.kernelNames);
    expect(ours.kernelNames).toContain('FusedConv2D');
  });

  it('trains where tf.layers.conv2d with dilationRate cannot', () => {
    const x = seededTensor([2, 12, 12, 3], 5);
    const y = seededTensor([2, 12, 12, 2], 6);
    const stock = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [12, 12, 3], filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same' })] });
    expect(() => tf.variableGrads(() => tf.mean(tf.square(tf.sub(stock.apply(x) as tf.Tensor, y))) as tf.Scalar))
      .toThrow(/dilation rates greater than 1 are not yet supported in gradients/);

    // A student learns to imitate a teacher of the same architecture.
    const teacher = tinyModel(7);
    const target = teacher.predict(x) as tf.Tensor;
    const student = tinyModel(8);
    const optimizer = tf.train.momentum(0.02, 0.9);
    const loss = () => tf.mean(tf.square(tf.sub(student.apply(x) as tf.Tensor, target))) as tf.Scalar;
    const first = loss().dataSync()[0]!;
    for (let i = 0; i < 60; i++) tf.tidy(() => { optimizer.minimize(loss); });
    expect(loss().dataSync()[0]!).toBeLessThan(first * 0.6);
  });

  it('round-trips through tfjs serialization with identical outputs', async () => {
    const model = tinyModel();
    const x = seededTensor([1, 12, 12, 3], 8);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
    expect(JSON.stringify(artifacts!.modelTopology)).toContain('"class_name":"AtrousConv2D"');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.getLayer('res5a_branch2b')).toBeInstanceOf(AtrousConv2D);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(before));
  });

  it('rejects strides with dilation, as Keras does', () => {
    expect(() => atrousConv2dLayer({ filters: 1, kernelSize: 3, dilationRate: 2, strides: 2, name: 'bad' }))
      .toThrow(/'bad'.*needs strides 1|dilation/);
  });
});
