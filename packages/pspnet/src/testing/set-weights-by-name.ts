// Test-only stand-in until @lip/runtime's loadWeightsByName lands: sets every weight of every
// leaf layer from the (layer, role) tensor of a WeightSource, and fails on anything missing.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { WeightSource } from '@lip/runtime';

type Layer = tfl.LayersModel['layers'][number];

function leafLayers(layer: Layer): Layer[] {
  const inner = (layer as { layers?: Layer[] }).layers;
  return inner == null ? [layer] : inner.flatMap(leafLayers);
}

export function setWeightsByName(model: tfl.LayersModel, source: WeightSource): number {
  const byKey = new Map(source.tensors.map((t) => [`${t.layer}/${t.role}`, t]));
  let count = 0;
  for (const layer of leafLayers(model)) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const key = `${layer.name}/${w.originalName.split('/').pop()}`;
      const t = byKey.get(key);
      if (t == null) throw new Error(`${source.description}: no tensor for ${key}`);
      return tf.tensor(t.values as Float32Array, t.shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
    count += values.length;
  }
  return count;
}
