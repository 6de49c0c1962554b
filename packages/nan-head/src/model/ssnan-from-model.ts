import * as tfl from '@tensorflow/tfjs-layers';
import { ScaledBilinearResize } from '../layers/scaled-bilinear-resize.js';
import { BilinearResizeLike } from '../layers/bilinear-resize-like.js';
import { WeightedScaleSum } from '../layers/weighted-scale-sum.js';
import { Ssnan } from './ssnan.js';
import type { SsnanHeadLayers } from './ssnan-head-layers.js';
import { resolveSsnanConfig, SSNAN_TRUNK_NAME, type SsnanConfig } from './ssnan-config.js';

/** The key of the SS-NAN config in a saved model's `userDefinedMetadata`. */
export const SSNAN_METADATA_KEY = 'ssnan';

/**
 * Wraps a complete SS-NAN LayersModel — `ssnan.model` saved with `model.save(...)` and read back with
 * `tf.loadLayersModel(...)` — as an {@link Ssnan}, reusing its layers and weights. The config comes from the
 * model's metadata (written by createSsnan) and its layers.
 */
export function ssnanFromModel(model: tfl.LayersModel): Ssnan {
  const find = <T extends tfl.layers.Layer>(name: string, type?: abstract new (...args: never[]) => T): T => {
    const layer = model.layers.find((l) => l.name === name);
    if (layer === undefined) throw new Error(`ssnanFromModel: model '${model.name}' has no layer '${name}'; is it an SS-NAN model saved from ssnan.model?`);
    if (type !== undefined && !(layer instanceof type)) throw new Error(`ssnanFromModel: layer '${name}' of model '${model.name}' is a ${layer.getClassName()}`);
    return layer as T;
  };
  if (model.outputs.length !== 2) {
    throw new Error(`ssnanFromModel: model '${model.name}' has ${model.outputs.length} output(s); ssnan.model has 2 (mask_prob, mask_class_conv probabilities)`);
  }
  const trunk = find<tfl.LayersModel>(SSNAN_TRUNK_NAME, tfl.LayersModel);
  const multiscaleImages = model.layers
    .filter((l): l is ScaledBilinearResize => l instanceof ScaledBilinearResize)
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const head: SsnanHeadLayers = {
    multiscaleImages,
    resizeFeatures: find('resize_features', BilinearResizeLike),
    maskAttConv: find('mask_att_conv'),
    attentionDropout: find('mask_att_dropout'),
    maskAttProb: find('mask_att_prob'),
    weightedFeatures: find('weigthed_features', WeightedScaleSum),
    maskDenseclassConv: find('mask_denseclass_conv'),
    maskClassConv: find('mask_class_conv'),
    maskLogits: find('mask_logits', BilinearResizeLike),
    maskProb: find('mask_prob'),
  };
  const saved = (model.getUserDefinedMetadata() as Record<string, unknown> | undefined)?.[SSNAN_METADATA_KEY] as SsnanConfig | undefined;
  const config = resolveSsnanConfig({
    ...(saved ?? {}),
    scales: multiscaleImages.map((l) => l.scale),
    attentionWidth: head.maskAttConv.getConfig()['filters'] as number,
    numClasses: head.maskDenseclassConv.getConfig()['filters'] as number,
    dropoutRate: head.attentionDropout.getConfig()['rate'] as number,
    imageSize: model.inputs[0]!.shape[1] ?? null,
  });
  const inferenceModel = tfl.model({ inputs: model.inputs, outputs: model.outputs[0]!, name: 'resnet101_fcn_inference' });
  return new Ssnan(config, trunk, head, model, inferenceModel);
}
