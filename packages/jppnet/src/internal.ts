// @lip/jppnet/internal: JPPNet's constants, layer-name builders and inference steps, for examples, benchmarks and
// tests. No semver promise.
export {
  JPPNET_NUM_CLASSES,
  JPPNET_NUM_JOINTS,
  JPPNET_ASPP_RATES,
  JPPNET_REFINEMENT_STAGES,
  JPPNET_TRUNK_NAME,
} from './model/jppnet-config.js';
export { JPPNET_METADATA_KEY } from './model/create-jppnet.js';
export {
  PARSING_STAGE1_NAMES,
  poseNetNames,
  poseRefineNames,
  parsingRefineNames,
  stageOutputNames,
  type PoseRefineNames,
  type ParsingRefineNames,
} from './model/layer-names.js';
export { keypointsFromHeatmaps, type HeatmapPeak } from './inference/keypoints.js';
export { toBgrMinusMean } from './inference/bgr-minus-mean.js';
