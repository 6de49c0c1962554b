// @lip/ssl-loss/training: the ready-made training losses of every SS-NAN --trainmode and of JPPNet. Importing
// it imports @lip/runtime/training, which registers the gradients and training kernels these are trained with
// (a documented side effect; the root entry @lip/ssl-loss registers nothing).
import '@lip/runtime/training';

export {
  ssnanTrainingLoss,
  SSNAN_TRAIN_MODES,
  type SsnanOutputs,
  type SsnanTrainMode,
} from './training/ssnan-training-loss.js';
export {
  jppnetTrainingLoss,
  type JppnetLoss,
  type JppnetLossInputs,
  type JppnetLossOptions,
} from './training/jppnet-training-loss.js';
