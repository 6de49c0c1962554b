import { SSNAN_TRAIN_MODES, checkSsnanTrainMode, type SsnanLayerSet, type SsnanTrainMode } from '@lip/nan-head/training';

/** What a `--trainmode` trains when `--epochs` / `--layers` are not given. */
export interface TrainModeDefaults {
  readonly epochs: number;
  readonly layers: SsnanLayerSet;
}

/**
 * The reference README's three steps (pretrain 40 / all, finetune 30 / head, SS loss 30 / psp5+). The two
 * other sub-modes of `AttResnet101FCN` have no README entry; they follow the step they vary.
 */
export const TRAIN_MODE_DEFAULTS: Readonly<Record<SsnanTrainMode, TrainModeDefaults>> = Object.freeze({
  pretrain: { epochs: 40, layers: 'all' },
  finetune: { epochs: 30, layers: 'head' },
  finetune_withdeep: { epochs: 30, layers: 'head' },
  finetune_ssloss: { epochs: 30, layers: 'psp5+' },
  finetune_ssloss_withdeep: { epochs: 30, layers: 'psp5+' },
});

/** The README's pipeline, in order. */
export const SSNAN_PIPELINE: readonly SsnanTrainMode[] = Object.freeze(['pretrain', 'finetune', 'finetune_ssloss_withdeep']);

export function trainModeDefaults(mode: string): TrainModeDefaults {
  checkSsnanTrainMode(mode);
  return TRAIN_MODE_DEFAULTS[mode];
}

export { SSNAN_TRAIN_MODES };
