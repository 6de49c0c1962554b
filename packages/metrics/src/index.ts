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
export type { LabelArray, LabelGrid, LabelMapInput, LabelMapSize, TensorLike } from './label-grid.js';
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
