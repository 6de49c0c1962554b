import { loadWeightsByName, WeightImportError, type WeightLoadReport, type WeightSource } from '@lip/runtime';
import type { Ssnan } from '../model/ssnan.js';

/**
 * - `'ssnan'`: an SS-NAN weight file (`--model pspnet` = `att_pspnet.h5`, or any checkpoint of the three steps):
 *   the trunk nested as `resnet101_model` plus the head groups (`mask_att_conv`, `mask_att_prob`,
 *   `mask_denseclass_conv`, `mask_class_conv`), loaded like `keras_model.load_weights(path, by_name=True)`.
 * - `'pspnet'`: a PSPNet-Keras file (`--model imagenet` = `pspnet101_voc2012.h5`): flat trunk groups, loaded
 *   into the trunk only, like `resnet101_model.load_weights(path, by_name=True)`; its pyramid pooling module,
 *   `conv5_4` and `conv6` are skipped.
 * - `'auto'` (default): `'ssnan'` when the file has a `resnet101_model` group or a `mask_*` layer, else `'pspnet'`.
 */
export type SsnanWeightsFormat = 'auto' | 'ssnan' | 'pspnet';

export interface LoadSsnanWeightsOptions {
  readonly format?: SsnanWeightsFormat;
  /** Let trunk weights be absent from the file (they keep their values). Default false: an error naming them. */
  readonly allowMissing?: boolean;
  /**
   * Let head layers be absent (reported in `missing`, keeping their current values). Default true, as the
   * reference's own steps need: a pretrain checkpoint has no attention or NAN classifier, the step-2/3 files no
   * `mask_class_conv`, and a PSPNet file no head at all.
   */
  readonly allowMissingHead?: boolean;
  /** Ignore tensors that match no SS-NAN weight. Default false: an error naming them. */
  readonly allowUnexpected?: boolean;
  /** Leave shape-mismatched weights unchanged. Default false: an error naming them. */
  readonly allowShapeMismatch?: boolean;
}

export interface SsnanWeightsReport extends WeightLoadReport {
  /** The layout the file was read as. */
  readonly format: 'ssnan' | 'pspnet';
}

const TRUNK_GROUP = 'resnet101_model/';
/** PSPNet-Keras layers that are not part of the trunk SS-NAN uses. */
const PSPNET_HEAD = /^(conv5_3_pool\d+_conv(_bn)?|conv5_4(_bn)?|conv6)$/;

function detectFormat(source: WeightSource): 'ssnan' | 'pspnet' {
  const nested = source.tensors.some((t) => t.name.startsWith(TRUNK_GROUP) || t.name.startsWith(`/${TRUNK_GROUP}`));
  const head = source.tensors.some((t) => t.layer.startsWith('mask'));
  return nested || head ? 'ssnan' : 'pspnet';
}

/** `layer/role` of each weight of these layers, as `@lip/runtime`'s loader keys them. */
function weightKeys(layers: readonly { name: string; weights: readonly { originalName: string }[] }[]): string[] {
  return layers.flatMap((layer) =>
    layer.weights.map((w) => `${layer.name}/${w.originalName.slice(w.originalName.lastIndexOf('/') + 1)}`),
  );
}

function listed(keys: readonly string[]): string {
  return keys.slice(0, 10).join(', ') + (keys.length > 10 ? `, … (${keys.length - 10} more)` : '');
}

/**
 * Loads Keras weights into an SS-NAN model by layer name, returning `@lip/runtime`'s report (`loaded`, `missing`,
 * `unexpected`, `shapeMismatch`) and the format used. Everything is checked before anything is assigned.
 * Read the file with `readKerasWeightsFile` (`@lip/runtime/node`) or use `loadSsnanWeightsFile` (`@lip/nan-head/node`).
 */
export function loadSsnanWeights(ssnan: Ssnan, source: WeightSource, options: LoadSsnanWeightsOptions = {}): SsnanWeightsReport {
  const requested = options.format ?? 'auto';
  if (requested !== 'auto' && requested !== 'ssnan' && requested !== 'pspnet') {
    throw new RangeError(`loadSsnanWeights: format must be 'auto', 'ssnan' or 'pspnet', got ${JSON.stringify(requested)}`);
  }
  const format = requested === 'auto' ? detectFormat(source) : requested;
  const common = { allowUnexpected: options.allowUnexpected ?? false, allowShapeMismatch: options.allowShapeMismatch ?? false };

  if (format === 'pspnet') {
    const report = loadWeightsByName(ssnan.trunk, source, {
      ...common,
      allowMissing: options.allowMissing ?? false,
      rename: (layer) => (PSPNET_HEAD.test(layer) ? null : layer),
    });
    return { ...report, format };
  }

  // Missing weights are checked here, before anything is assigned, because trunk and head follow different rules.
  const inFile = new Set(source.tensors.map((t) => `${t.layer}/${t.role}`));
  const { maskAttConv, maskAttProb, maskDenseclassConv, maskClassConv } = ssnan.head;
  const trunkMissing = weightKeys(ssnan.trunk.layers).filter((key) => !inFile.has(key));
  const headMissing = weightKeys([maskAttConv, maskAttProb, maskDenseclassConv, maskClassConv]).filter((key) => !inFile.has(key));
  if (trunkMissing.length > 0 && !(options.allowMissing ?? false)) {
    throw new WeightImportError(
      `Cannot load ${source.description} into SS-NAN: ${trunkMissing.length} weight(s) of the trunk '${ssnan.trunk.name}' are not in the file: ` +
        `${listed(trunkMissing)}. Check depth / widthMultiplier / blocksPerStage against the file, or pass allowMissing.`,
    );
  }
  if (headMissing.length > 0 && !(options.allowMissingHead ?? true)) {
    throw new WeightImportError(`Cannot load ${source.description} into SS-NAN: head weight(s) not in the file: ${listed(headMissing)}`);
  }
  const report = loadWeightsByName(ssnan.model, source, { ...common, allowMissing: true });
  return { ...report, format };
}
