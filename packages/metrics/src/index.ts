export { ConfusionMatrix } from './confusion-matrix.js';
export type {
  ConfusionMatrixJSON,
  ConfusionMatrixOptions,
  ConfusionMatrixUpdateOptions,
  OutOfRangeGroundTruth,
} from './confusion-matrix.js';
export { computeParsingMetrics } from './parsing-metrics.js';
export type { ClassMetrics, ConfusionCounts, ParsingMetrics, ParsingMetricsOptions } from './parsing-metrics.js';
export { ABSENT_CLASS_POLICIES } from './absent-class-policy.js';
export type { AbsentClassPolicy } from './absent-class-policy.js';
export { averagePerImageParsingMetrics, computePerImageParsingMetrics } from './per-image-metrics.js';
export type { PerImageAverage } from './per-image-metrics.js';
export { resizeNearest } from './resize-nearest.js';
export { mirrorLabelMap } from './mirror-label-map.js';
export { mirrorPose } from './mirror-pose.js';
export { toLabelMap } from './label-map.js';
export type { LabelArray, LabelMap, LabelMapInput, LabelMapSize, TensorLike } from './label-map.js';
export { LIP_CLASS_NAMES, LIP_FLIP_PAIRS, LIP_IGNORE_INDEX, LIP_NUM_CLASSES, LIP_PALETTE } from './lip-classes.js';
export type { LipClassName } from './lip-classes.js';
export { LIP_JOINT, LIP_JOINT_FLIP_PAIRS, LIP_JOINT_NAMES, LIP_NUM_JOINTS } from './lip-joints.js';
export { parsePoseCsv, poseImageKey } from './pose-csv.js';
export type { ParsePoseCsvOptions, PoseAnnotation } from './pose-csv.js';
export { computeNormalisedJointDistances, computePckh, computePckhCurve, pckhFromDistances } from './pckh.js';
export type {
  HeadBox,
  JointPckh,
  NormalisedJointDistances,
  PckhConvention,
  PckhCurve,
  PckhOptions,
  PckhResult,
  PckhThresholdOptions,
} from './pckh.js';
export { metricsToJSONValue } from './json-numbers.js';
