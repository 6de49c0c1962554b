// @lip/jppnet: JPPNet joint human parsing and pose estimation (seed-systems §3) on TensorFlow.js.
// Importing @lip/runtime registers tfjs' gradients and the wasm training kernels.
import '@lip/runtime';

export const PACKAGE_NAME = '@lip/jppnet';

export {
  resolveJppnetConfig,
  jppnetConfigOf,
  JPPNET_NUM_CLASSES,
  JPPNET_NUM_JOINTS,
  JPPNET_ASPP_RATES,
  JPPNET_REFINEMENT_STAGES,
  JPPNET_TRUNK_NAME,
  type JppnetConfig,
  type ResolvedJppnetConfig,
  type HeadInitializer,
} from './model/jppnet-config.js';
export { createJppnet, JPPNET_METADATA_KEY } from './model/create-jppnet.js';
export { Jppnet, type JppnetStageOutputs } from './model/jppnet.js';
export {
  PARSING_STAGE1_NAMES,
  poseNetNames,
  poseRefineNames,
  parsingRefineNames,
  stageOutputNames,
  type PoseRefineNames,
  type ParsingRefineNames,
} from './model/layer-names.js';

export {
  forwardJppnetTraining,
  flattenTrainingOutputs,
  unflattenTrainingOutputs,
  scaledSide,
  JPPNET_TRAIN_SCALES,
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

export { inferJppnet, type JppnetInference, type JppnetInferenceOptions } from './inference/infer-jppnet.js';
export { parseWithJppnet, type JppnetParseOptions, type JppnetParseResult } from './inference/parse-with-jppnet.js';
export { keypointsFromHeatmaps, type Keypoint } from './inference/keypoints.js';
export { toRgbTensor, toBgrMinusMean, type PixelInput, type RgbPixels } from './inference/pixel-input.js';

export { colorizeLabels, overlayLabels, drawKeypoints, keypointsToJoints } from './visualize/render-parse.js';
export { loadJppnetWeights } from './weights/load-jppnet-weights.js';
