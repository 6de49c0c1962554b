import type { LayersModel } from '@tensorflow/tfjs-layers';
import { BatchNormalization } from '../layers/batch-normalization-class.js';
import { leafLayers } from './layer-selection.js';

type Layer = LayersModel['layers'][number];

/**
 * How BatchNormalization layers behave during training steps:
 * - `'batch-statistics'`: normalise with the batch's mean and variance and update the moving
 *   statistics (tfjs-layers' `training: true`; SS-NAN's Keras `fit`, where every BN runs in learning
 *   phase 1, trainable or not);
 * - `'frozen'`: normalise with the moving statistics and leave them unchanged (JPPNet's slim BN with
 *   `is_training=False`; a Keras 3 BN whose `trainable` is false). Gamma and beta still train if their
 *   layer is selected. Dropout and every other layer still run in training mode.
 *
 * A function chooses per BN layer (by name).
 */
export type BatchNormMode = 'batch-statistics' | 'frozen';
export type BatchNormModeSelection = BatchNormMode | ((layerName: string) => BatchNormMode);

/** The BatchNormalization layers (and subclasses) of a model, nested models included. */
export function batchNormLayers(model: LayersModel): Layer[] {
  return leafLayers(model).filter((l) => l instanceof BatchNormalization);
}

/**
 * Makes the chosen BN layers run in inference mode whatever `training` flag the forward pass gives
 * them, until the returned function is called. Each layer's `call` is shadowed by an own property
 * that forces `training: false`; restoring deletes it. Works for nested and shared layers because it
 * acts on the layer objects, not on the graph.
 */
export function applyBatchNormMode(model: LayersModel, mode: BatchNormModeSelection): () => void {
  if (mode !== 'batch-statistics' && mode !== 'frozen' && typeof mode !== 'function') {
    throw new TypeError(`train: batchNormMode must be 'batch-statistics', 'frozen' or a function, got ${String(mode)}`);
  }
  const frozen = batchNormLayers(model).filter((layer) => {
    const m = typeof mode === 'function' ? mode(layer.name) : mode;
    if (m !== 'batch-statistics' && m !== 'frozen') throw new TypeError(`train: batchNormMode('${layer.name}') gave ${String(m)}`);
    return m === 'frozen';
  });
  const restore: Array<() => void> = [];
  for (const layer of frozen) {
    const own = Object.prototype.hasOwnProperty.call(layer, 'call');
    const previous = layer.call;
    const forced: Layer['call'] = function (this: Layer, inputs, kwargs) {
      return previous.call(this, inputs, { ...kwargs, training: false });
    };
    layer.call = forced;
    restore.push(() => {
      if (own) layer.call = previous;
      else delete (layer as { call?: unknown }).call;
    });
  }
  return () => {
    for (const r of restore.reverse()) r();
  };
}
