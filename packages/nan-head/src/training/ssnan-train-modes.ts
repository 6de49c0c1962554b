/** The training sub-modes of `AttResnet101FCN.build(train_submode)`, the CLI's `--trainmode` (§2.5). */
export const SSNAN_TRAIN_MODES = Object.freeze(['pretrain', 'finetune', 'finetune_withdeep', 'finetune_ssloss', 'finetune_ssloss_withdeep'] as const);

export type SsnanTrainMode = (typeof SSNAN_TRAIN_MODES)[number];

/** The reference README's three steps: trainmode, layer set and epochs. */
export const SSNAN_TRAINING_STEPS = Object.freeze([
  Object.freeze({ trainMode: 'pretrain', layers: 'all', epochs: 40 }),
  Object.freeze({ trainMode: 'finetune', layers: 'head', epochs: 30 }),
  Object.freeze({ trainMode: 'finetune_ssloss_withdeep', layers: 'psp5+', epochs: 30 }),
] as const);

export function checkSsnanTrainMode(mode: unknown): asserts mode is SsnanTrainMode {
  if (!SSNAN_TRAIN_MODES.includes(mode as SsnanTrainMode)) {
    throw new RangeError(`SS-NAN: unknown train mode ${JSON.stringify(mode)}; expected one of ${SSNAN_TRAIN_MODES.join(', ')}`);
  }
}
