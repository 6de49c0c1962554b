import type { Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

type Layer = LayersModel['layers'][number];

/**
 * Which layers train:
 * - `'all'`: every layer (Keras `layers='all'`, regex `.*`);
 * - a RegExp, matched against the **whole** layer name like Keras' `re.fullmatch` (SS-NAN's `'head'` is
 *   `/(resfcn_.*)|(fpn_.*)|(mask.*)/`, `'psp5+'` adds `|(conv5.*)`);
 * - an array of exact layer names (unknown names are an error);
 * - a predicate on the layer name.
 *
 * Nested models are walked into and their inner layers tested, as SS-NAN's `set_trainable` recurses
 * into `resnet101_model`. A layer whose own `trainable` is false never trains.
 */
export type TrainableSelection = 'all' | RegExp | readonly string[] | ((layerName: string) => boolean);

function isContainer(layer: Layer): layer is Layer & { layers: Layer[] } {
  return Array.isArray((layer as { layers?: unknown }).layers);
}

/** Every non-container layer of a model, nested models flattened, each once, in model order. */
export function leafLayers(model: { layers: Layer[] }): Layer[] {
  const seen = new Set<Layer>();
  const out: Layer[] = [];
  const walk = (layers: Layer[]): void => {
    for (const layer of layers) {
      if (seen.has(layer)) continue;
      seen.add(layer);
      if (isContainer(layer)) walk(layer.layers);
      else out.push(layer);
    }
  };
  walk(model.layers);
  return out;
}

function fullMatch(re: RegExp): RegExp {
  return new RegExp(`^(?:${re.source})$`, re.flags.replace(/[gy]/g, ''));
}

/** The layers (with weights) a selection picks, and their trainable variables. */
export interface TrainableLayers {
  readonly layerNames: string[];
  readonly variables: Variable[];
}

export function selectTrainableLayers(model: LayersModel, selection: TrainableSelection = 'all'): TrainableLayers {
  const layers = leafLayers(model);
  let test: (name: string) => boolean;
  if (selection === 'all') test = () => true;
  else if (selection instanceof RegExp) {
    const re = fullMatch(selection);
    test = (name) => re.test(name);
  } else if (Array.isArray(selection)) {
    const names = new Set(layers.map((l) => l.name));
    const unknown = selection.filter((n) => !names.has(n));
    if (unknown.length > 0) throw new Error(`train: trainable names ${unknown.map((n) => `'${n}'`).join(', ')} are not layers of model '${model.name}'`);
    const wanted = new Set(selection);
    test = (name) => wanted.has(name);
  } else if (typeof selection === 'function') test = selection as (name: string) => boolean;
  else throw new TypeError(`train: trainable must be 'all', a RegExp, an array of layer names or a function, got ${String(selection)}`);

  const layerNames: string[] = [];
  const variables: Variable[] = [];
  for (const layer of layers) {
    if (layer.trainableWeights.length === 0 || !test(layer.name)) continue;
    layerNames.push(layer.name);
    for (const w of layer.trainableWeights) variables.push(w.read() as Variable);
  }
  if (variables.length === 0) {
    throw new Error(`train: the trainable selection ${selection instanceof RegExp ? String(selection) : JSON.stringify(selection)} matches no layer with trainable weights in model '${model.name}'`);
  }
  return { layerNames, variables };
}
