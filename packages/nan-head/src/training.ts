// @lip/nan-head/training: SS-NAN's training sub-modes, trainable layer sets, optimiser, loss and the training
// step for @lip/runtime's train(). Importing it imports @lip/runtime/training, which registers the training
// kernels and gradients (a documented side effect; the root entry @lip/nan-head registers none).
import '@lip/runtime/training';

export { SSNAN_LAYER_SETS, ssnanTrainableLayers, batchNormFrozenOutside, type SsnanLayerSet } from './training/ssnan-layer-sets.js';
export { SSNAN_TRAIN_MODES, SSNAN_TRAINING_STEPS, checkSsnanTrainMode, type SsnanTrainMode } from './training/ssnan-train-modes.js';
export { ssnanForward, pretrainScaleFrom, SSNAN_PRETRAIN_SCALES, type SsnanForwardOptions } from './training/ssnan-forward.js';
export { createSsnanOptimizer, SSNAN_OPTIMIZER_DEFAULTS, type SsnanOptimizerOptions } from './training/create-ssnan-optimizer.js';
export { ssnanLoss, ssnanPixelAccuracyOf, type SsnanLossOptions } from './training/ssnan-loss.js';
export {
  createSsnanTrainingStep,
  type SsnanTrainingStep,
  type SsnanTrainingStepOptions,
} from './training/ssnan-training-step.js';
