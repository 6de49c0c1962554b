// @lip/jppnet: JPPNet joint human parsing and pose estimation (Engineering-Course/LIP_JPPNet) on TensorFlow.js.
// Training is in @lip/jppnet/training, layer names and other building blocks in @lip/jppnet/internal.
export {
  resolveJppnetConfig,
  jppnetConfigOf,
  type JppnetConfig,
  type ResolvedJppnetConfig,
  type HeadInitializer,
} from './model/jppnet-config.js';
export { createJppnet } from './model/create-jppnet.js';
export { Jppnet, type JppnetStageOutputs } from './model/jppnet.js';
export { inferJppnet, type JppnetInference, type JppnetInferenceOptions } from './inference/infer-jppnet.js';
export { parseWithJppnet, type JppnetParseOptions, type JppnetParseResult } from './inference/parse-with-jppnet.js';
export type { Keypoint } from './inference/keypoints.js';
export type { PixelInput, RgbPixels } from './inference/pixel-input.js';
export { colorizeLabels, overlayLabels, drawKeypoints, keypointsToPoseRecord } from './visualize/render-parse.js';
export { loadJppnetWeights } from './weights/load-jppnet-weights.js';
