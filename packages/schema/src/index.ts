// @lip/schema: the one LIP vocabulary. No TensorFlow, no dependencies, no Node built-ins (the label-PNG codec is
// under @lip/schema/node).
export {
  LIP_CLASSES,
  LIP_CLASS_NAMES,
  LIP_NUM_CLASSES,
  LIP_PALETTE,
  LipClassId,
  LIP_IGNORE_LABEL,
  SSNAN_PAD_LABEL,
  isValidLipLabelValue,
  paletteBytes,
  type LipClass,
  type LipClassName,
  type Rgb,
} from './lip-classes.js';
export { LIP_CLASS_FLIP_PAIRS, LIP_CLASS_FLIP_PERMUTATION, LIP_LABEL_FLIP_LOOKUP, swapLeftRightLabels, mirrorLabelMap } from './class-flip.js';
export { assertPixelCount, type LabelMap, type RgbImage, type ImageDataLike } from './label-map.js';
export { toColoredMask } from './colored-mask.js';
export {
  LIP_JOINT_NAMES,
  LIP_NUM_JOINTS,
  LipJoint,
  LIP_JOINT_SIDES,
  LIP_JOINT_FLIP_PAIRS,
  LIP_JOINT_FLIP_PERMUTATION,
  LIP_SKELETON_EDGES,
  type LipJointName,
  type JointSide,
} from './lip-joints.js';
export { createPoseRecord, mirrorPose, type PoseRecord } from './pose-record.js';
export { parsePoseCsv, formatPoseCsv, formatPoseCsvRow, poseImageId, PoseCsvError } from './pose-csv.js';
export {
  SSNAN_MEAN_RGB,
  SSNAN_CHANNEL_ORDER,
  SSNAN_TRAIN_SIZE,
  SSNAN_TRAIN_SCALES,
  SSNAN_EVAL_MIN_DIM,
  SSNAN_EVAL_MAX_DIM,
  JPPNET_MEAN_BGR,
  JPPNET_CHANNEL_ORDER,
  JPPNET_INPUT_SIZE,
  JPPNET_HEATMAP_STRIDE,
  JPPNET_TRAIN_SCALES,
  JPPNET_EVAL_SCALES,
  scaledSide,
  type ChannelMean,
} from './preprocessing.js';
export { computeSsnanResize, roundHalfEven, type SsnanResizeGeometry } from './ssnan-resize.js';
export type {
  HumanParser,
  HumanParsingResult,
  Segmentation,
  ToImageDataOptions,
  Pose,
  Keypoint,
  ParseOptions,
  TestTimeAugmentation,
  RawPixels,
} from './human-parser.js';
export { SeededRandom, deriveSeed, hashString } from './seeded-random.js';
export { ROW_REPEATS, type RowRepeatHint } from './row-repeat-hints.js';
