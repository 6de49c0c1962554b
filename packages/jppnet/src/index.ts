// @lip/jppnet: JPPNet joint human parsing and pose estimation (Engineering-Course/LIP_JPPNet) on TensorFlow.js, for inference.
// Importing it registers no kernel or gradient (only layer classes); the training API is `@lip/jppnet/training`.

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

export { inferJppnet, type JppnetInference, type JppnetInferenceOptions } from './inference/infer-jppnet.js';
export { parseWithJppnet, type JppnetParseOptions, type JppnetParseResult } from './inference/parse-with-jppnet.js';
export { keypointsFromHeatmaps, type Keypoint } from './inference/keypoints.js';
export { toRgbTensor, toBgrMinusMean, type PixelInput, type RgbPixels } from './inference/pixel-input.js';

export { colorizeLabels, overlayLabels, drawKeypoints, keypointsToPoseRecord } from './visualize/render-parse.js';
export { loadJppnetWeights } from './weights/load-jppnet-weights.js';
