import { SSNAN_TRAIN_MODES, type SsnanTrainMode } from '@lip/ssl-loss/training';

// The mode list is the loss's (`@lip/ssl-loss/training`); nan-head re-exports it beside its own step plan.
export { SSNAN_TRAIN_MODES, type SsnanTrainMode };

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
