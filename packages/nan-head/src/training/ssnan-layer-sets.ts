/**
 * The trainable layer sets of `AttResnet101FCN.train` (`SS-NAN/model.py`): Python regexes used with `re.fullmatch` on
 * layer names, recursing into the nested `resnet101_model`. Pass one to `@lip/runtime`'s `train({trainable})`,
 * whose RegExp selection is a full match and walks nested models the same way.
 */
export const SSNAN_LAYER_SETS = Object.freeze({
  /** Step 1 (pretrain, 40 epochs): everything. */
  all: /.*/,
  /** Step 2 (finetune, 30 epochs): the head (`mask_*`); the trunk is frozen. */
  head: /(resfcn_.*)|(fpn_.*)|(mask.*)/,
  /** Step 3 (SS loss, 30 epochs): the head and every `conv5_*` layer (stage-5 convs and their BN). */
  'psp5+': /(resfcn_.*)|(fpn_.*)|(mask.*)|(conv5.*)/,
});

export type SsnanLayerSet = keyof typeof SSNAN_LAYER_SETS;

/** The regex of a named set, or the given RegExp (matched in full) unchanged. */
export function ssnanTrainableLayers(layers: SsnanLayerSet | RegExp): RegExp {
  if (layers instanceof RegExp) return layers;
  const re = (SSNAN_LAYER_SETS as Record<string, RegExp>)[layers];
  if (re === undefined) {
    throw new RangeError(`SS-NAN: unknown layer set ${JSON.stringify(layers)}; expected one of ${Object.keys(SSNAN_LAYER_SETS).join(', ')} or a RegExp`);
  }
  return re;
}

/**
 * A `batchNormMode` for `@lip/runtime`'s train(): BN layers inside the trainable set use batch statistics,
 * the others their frozen moving statistics. Not the reference (see the README's BN decision): an option for
 * small batches, where batch statistics of a frozen trunk drift away from the moving averages used at inference.
 */
export function batchNormFrozenOutside(layers: SsnanLayerSet | RegExp): (layerName: string) => 'batch-statistics' | 'frozen' {
  const re = ssnanTrainableLayers(layers);
  const full = new RegExp(`^(?:${re.source})$`, re.flags.replace(/[gy]/g, ''));
  return (name) => (full.test(name) ? 'batch-statistics' : 'frozen');
}
