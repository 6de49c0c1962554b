import * as tfl from '@tensorflow/tfjs-layers';
import { createResnetTrunk } from '@lip/pspnet';
import { createSsnanHeadLayers } from './ssnan-head-layers.js';
import { createAttentionDropout } from './attention-dropout.js';
import { Ssnan } from './ssnan.js';
import { SSNAN_METADATA_KEY } from './ssnan-from-model.js';
import { resolveSsnanConfig, SSNAN_TRUNK_NAME, type ResolvedSsnanConfig, type SsnanConfig } from './ssnan-config.js';

type SymbolicTensor = tfl.SymbolicTensor;

export interface CreateSsnanOptions {
  /**
   * Use this trunk instead of building `@lip/pspnet`'s: any LayersModel mapping [B, h, w, 3] to
   * [B, ceil(h/8), ceil(w/8), C] (its first output is used). It is shared by every scale.
   */
  readonly trunk?: tfl.LayersModel;
}

/** The PSPNet dilated ResNet trunk (`SS-NAN/psp_resnet_builder.py` `ResNet`) at the configured depth and width, named `resnet101_model`. */
export function createSsnanTrunk(config: ResolvedSsnanConfig): tfl.LayersModel {
  return createResnetTrunk({
    family: 'pspnet',
    depth: config.depth,
    widthMultiplier: config.widthMultiplier,
    ...(config.blocksPerStage ? { blocksPerStage: config.blocksPerStage } : {}),
    outputStride: 8,
    name: SSNAN_TRUNK_NAME,
    seed: config.seed,
  });
}

/**
 * Builds SS-NAN (`AttResnet101FCN.build` in `SS-NAN/model.py`): the trunk shared over the input scales, the attention over scales, the
 * NAN classifier and the deep-supervision classifier. Defaults are the published model (ResNet-101,
 * width 1, attention 512, 20 classes, scales 0.5 / 0.75 / 1.0).
 */
export function createSsnan(config: SsnanConfig = {}, options: CreateSsnanOptions = {}): Ssnan {
  const resolved = resolveSsnanConfig(config);
  const trunk = options.trunk ?? createSsnanTrunk(resolved);
  const head = createSsnanHeadLayers(resolved, createAttentionDropout(resolved));

  const side = resolved.imageSize;
  const input = tfl.input({ shape: [side, side, 3], name: 'input_image' });
  const features = head.multiscaleImages.map((resize) => {
    const scaled = resize.apply(input) as SymbolicTensor;
    const out = trunk.apply(scaled) as SymbolicTensor | SymbolicTensor[];
    const first = Array.isArray(out) ? out[0]! : out;
    return head.resizeFeatures.apply([first, input]) as SymbolicTensor;
  });
  const stacked = features.length === 1 ? features[0]! : (tfl.layers.concatenate({ name: 'concatenate_scales' }).apply(features) as SymbolicTensor);
  const hidden = head.attentionDropout.apply(head.maskAttConv.apply(stacked)) as SymbolicTensor;
  const attention = head.maskAttProb.apply(hidden) as SymbolicTensor;
  const weighted = head.weightedFeatures.apply([...features, attention]) as SymbolicTensor;
  const logits = head.maskDenseclassConv.apply(weighted) as SymbolicTensor;
  const maskProb = head.maskProb.apply(head.maskLogits.apply([logits, input])) as SymbolicTensor;
  // The single-scale classifier output (pretrain / deep supervision at scale 1.0) keeps mask_class_conv in the
  // complete model, so training, checkpoints and weight loading see every SS-NAN weight.
  const classLogits = head.maskClassConv.apply(features[features.length - 1]!) as SymbolicTensor;
  const classProb = head.maskProb.apply(head.maskLogits.apply([classLogits, input])) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: [maskProb, classProb], name: 'resnet101_fcn' });
  model.setUserDefinedMetadata({ [SSNAN_METADATA_KEY]: { ...resolved } });
  const inferenceModel = tfl.model({ inputs: input, outputs: maskProb, name: 'resnet101_fcn_inference' });
  return new Ssnan(resolved, trunk, head, model, inferenceModel);
}
