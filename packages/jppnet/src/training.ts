// @lip/jppnet/training: JPPNet's multi-scale training forward, loss, TF momentum optimiser, training step for
// @lip/runtime's train(), and BN calibration. Importing it imports @lip/runtime/training, which registers the
// training kernels and gradients (a documented side effect; the root entry @lip/jppnet registers none).
import '@lip/runtime/training';

export {
  forwardJppnetTraining,
  flattenTrainingOutputs,
  unflattenTrainingOutputs,
  type JppnetTrainingForwardOptions,
  type JppnetTrainingOutputs,
  type JppnetScaleOutputs,
} from './training/forward-jppnet-training.js';
export {
  jppnetLoss,
  type JppnetLossOptions,
  type JppnetLossValue,
  type JppnetTargets,
  type JppnetStructureLossOptions,
} from './training/jppnet-loss.js';
export {
  TfMomentumOptimizer,
  createJppnetOptimizer,
  JPPNET_OPTIMIZER_DEFAULTS,
  type JppnetOptimizerOptions,
} from './training/tf-momentum-optimizer.js';
export { createJppnetTrainingStep, type JppnetTrainingStep, type JppnetTrainingStepOptions } from './training/jppnet-training-step.js';
export { calibrateBatchNorm } from './training/calibrate-batch-norm.js';
