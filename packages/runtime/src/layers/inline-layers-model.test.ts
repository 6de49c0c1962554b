import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { useBackend } from '../backend/use-backend.js';
import { seededTensor } from '../testing/test-backends.js';
import { inlineLayersModel } from './inline-layers-model.js';

/** image → conv → relu ('tap') → conv ('deep'); outputs [deep, tap], like a trunk read at two depths. */
function twoOutputTrunk(): tfl.LayersModel {
  const input = tfl.input({ shape: [null, null, 2], name: 'trunk_input' });
  const conv = (name: string, seed: number) =>
    tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name, kernelInitializer: tfl.initializers.glorotUniform({ seed }) });
  const tap = tfl.layers.activation({ activation: 'relu', name: 'tap' }).apply(conv('conv_a', 1).apply(input)) as tfl.SymbolicTensor;
  const deep = conv('conv_b', 2).apply(tap) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: [deep, tap], name: 'trunk' });
}

/** Both trunk outputs feed the head, as JPPNet's res5c and res4b22 do. */
function withHead(trunk: tfl.LayersModel, inline: boolean): tfl.LayersModel {
  const image = tfl.input({ shape: [null, null, 2], name: 'image' });
  const [deep, tap] = inline ? inlineLayersModel(trunk, image) : (trunk.apply(image) as tfl.SymbolicTensor[]);
  const sum = tfl.layers.add({ name: 'sum' }).apply([deep!, tap!]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: image, outputs: sum });
}

async function convsRun(f: () => tf.Tensor): Promise<number> {
  const profile = await tf.profile(() => { f().dispose(); });
  return profile.kernels.filter((k) => k.name === 'Conv2D' || k.name === 'FusedConv2D').length;
}

describe('inlineLayersModel', () => {
  beforeAll(async () => { await useBackend('cpu'); });

  it('runs each layer of a two-output model once, where nesting it runs the model once per output', async () => {
    const trunk = twoOutputTrunk();
    const x = seededTensor([1, 6, 5, 2], 3);
    const nested = withHead(trunk, false);
    const inlined = withHead(trunk, true);
    expect(await convsRun(() => nested.predict(x) as tf.Tensor)).toBe(4); // the tfjs-layers behaviour this works around
    expect(await convsRun(() => inlined.predict(x) as tf.Tensor)).toBe(2);
    expect(await convsRun(() => inlined.apply(x, { training: true }) as tf.Tensor)).toBe(2);
    const expected = nested.predict(x) as tf.Tensor;
    const actual = inlined.predict(x) as tf.Tensor;
    expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()));
  });

  it('shares the layers and weights with the model, which keeps working alone', () => {
    const trunk = twoOutputTrunk();
    const inlined = withHead(trunk, true);
    expect(inlined.getLayer('conv_a')).toBe(trunk.getLayer('conv_a'));
    expect(inlined.layers.map((l) => l.name)).toEqual(['image', 'conv_a', 'tap', 'conv_b', 'sum']);
    expect(inlined.weights.map((w) => w.name).sort()).toEqual(trunk.weights.map((w) => w.name).sort());
    const x = seededTensor([1, 4, 4, 2], 5);
    const [deep] = trunk.predict(x) as tf.Tensor[];
    expect(deep!.shape).toEqual([1, 4, 4, 3]);
  });

  it('rejects a wrong number of inputs, naming the model', () => {
    const trunk = twoOutputTrunk();
    const a = tfl.input({ shape: [4, 4, 2] });
    const b = tfl.input({ shape: [4, 4, 2] });
    expect(() => inlineLayersModel(trunk, [a, b])).toThrow(/model 'trunk' has 1 input\(s\), got 2/);
  });
});
