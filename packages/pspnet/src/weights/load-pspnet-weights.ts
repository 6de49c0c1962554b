import type * as tfl from '@tensorflow/tfjs-layers';
import { loadWeightsByName, type LoadWeightsOptions, type WeightLoadReport, type WeightSource } from '@lip/runtime';
import type { Pspnet } from '../pspnet/create-pspnet.js';

function modelOf(target: Pspnet | tfl.LayersModel, what: string): tfl.LayersModel {
  const model = (target as Pspnet).model ?? target;
  if (model == null || !Array.isArray((model as tfl.LayersModel).layers)) {
    throw new Error(`@lip/pspnet: ${what} expects a Pspnet (from createPspnet) or a tf.LayersModel`);
  }
  return model as tfl.LayersModel;
}

/**
 * Loads a whole PSPNet (or any model built from this package's parts) by layer name and weight role
 * through `@lip/runtime`'s `loadWeightsByName`: flat PSPNet-Keras files (`pspnet101_voc2012.h5`), Keras 3
 * legacy `.h5`, SS-NAN files whose trunk is the nested `resnet101_model` group. Strict by default:
 * missing, unexpected or shape-mismatched weights throw, listing them, unless allowed in `options`.
 */
export function loadPspnetWeights(target: Pspnet | tfl.LayersModel, source: WeightSource, options: LoadWeightsOptions = {}): WeightLoadReport {
  return loadWeightsByName(modelOf(target, 'loadPspnetWeights'), source, options);
}

/**
 * Loads only the trunk (a model from `createResnetTrunk`, or a Pspnet's `trunk`) from a file that may hold
 * a whole network: tensors of other layers (the PSP head, `conv6`, SS-NAN's `mask_*` convs, a JPPNet's
 * branches) are ignored (`allowUnexpected` defaults to true) and listed in the report's `unexpected`.
 * Every trunk weight must be found unless `allowMissing`.
 */
export function loadTrunkWeights(target: Pspnet | tfl.LayersModel, source: WeightSource, options: LoadWeightsOptions = {}): WeightLoadReport {
  const trunk = (target as Pspnet).trunk ?? modelOf(target, 'loadTrunkWeights');
  return loadWeightsByName(trunk, source, { allowUnexpected: true, ...options });
}
