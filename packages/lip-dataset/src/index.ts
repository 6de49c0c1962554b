// Universal entry: no file system, no native code.
export {
  LIP_CLASSES,
  LIP_CLASS_NAMES,
  LIP_NUM_CLASSES,
  LIP_PALETTE,
  LIP_IGNORE_LABEL,
  SSNAN_PAD_LABEL,
  LipClassId,
  isValidLipLabelValue,
  type LipClass,
} from './schema/lip-classes.js';
export { type RgbImage, type LabelMap } from './schema/image-types.js';
export {
  PARSING_FLIP_PAIRS,
  PARSING_FLIP_LOOKUP,
  PARSING_FLIP_PERMUTATION,
  swapLeftRightLabels,
  mirrorLabelMap,
} from './schema/parsing-flip.js';
export {
  LIP_JOINT_NAMES,
  LIP_NUM_JOINTS,
  LipJoint,
  LIP_JOINT_FLIP_PERMUTATION,
  LIP_SKELETON_EDGES,
  createMissingJoints,
  mirrorJoints,
  type LipJoints,
} from './schema/lip-joints.js';
export { parsePoseCsv, type PoseAnnotation } from './pose/parse-pose-csv.js';
export { PoseCsvError } from './pose/pose-csv-error.js';
export { formatPoseCsvRow } from './pose/format-pose-csv-row.js';
export { colorizeLabelMap, type ColorizeOptions } from './visualize/colorize-label-map.js';
export { blendOverlay, type BlendOverlayOptions } from './visualize/blend-overlay.js';
export { drawSkeleton } from './visualize/draw-skeleton.js';
export { SeededRandom, deriveSeed } from './random/seeded-random.js';
export { createJointHeatmaps, HEATMAP_VARIANCE, HEATMAP_HALF_WINDOW } from './heatmaps/create-joint-heatmaps.js';
export { resizeBilinearPillow } from './resample/pillow-bilinear-resize.js';
export { resizeLabelScipyZoomNearest } from './resample/scipy-zoom-nearest.js';
export { resizeBilinearTf1, resizeNearestTf1, nearestSourceIndicesTf1 } from './resample/tf1-resize.js';
export { roundHalfEven } from './resample/round-half-even.js';
export { SSNAN_MEAN_PIXEL_RGB, SSNAN_TRAIN_SCALES, SSNAN_TRAIN_SIZE } from './augment/ssnan-constants.js';
export {
  augmentSsnanTrain,
  decideSsnanTrain,
  applySsnanTrain,
  applySsnanTrainInto,
  type SsnanTrainTarget,
  type SsnanTrainOptions,
  type SsnanTrainDecisions,
  type SsnanTrainSample,
} from './augment/ssnan-train.js';
export {
  prepareSsnanEval,
  computeSsnanResize,
  type SsnanEvalOptions,
  type SsnanEvalSample,
  type SsnanResizeGeometry,
} from './augment/ssnan-eval.js';
export { JPPNET_MEAN_BGR, JPPNET_INPUT_SIZE, JPPNET_HEATMAP_STRIDE, JPPNET_EVAL_SCALES } from './augment/jppnet-constants.js';
export {
  augmentJppnetTrain,
  decideJppnetTrain,
  applyJppnetTrain,
  type JppnetTrainOptions,
  type JppnetTrainDecisions,
  type JppnetTrainSample,
} from './augment/jppnet-train.js';
export { prepareJppnetEval, type JppnetEvalOptions, type JppnetEvalInput, type JppnetEvalSample } from './augment/jppnet-eval.js';
