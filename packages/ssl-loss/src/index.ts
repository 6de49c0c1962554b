// @lip/ssl-loss: joint centres from parsing maps, Gaussian joint maps, and the losses of SS-NAN
// (OHEM CE, SSL), caffe SSL and JPPNet (parsing CE, pose L2). Plain tfjs-core ops: importing this entry
// registers nothing. Differentiating them needs tfjs' gradients registered, which `@lip/runtime/training`
// (imported by `@lip/ssl-loss/training` and by the model packages' training code) or tfjs-layers does.

// Layouts: labels [batch, height, width] int32; class scores, joint maps and heatmaps NHWC
// [batch, height, width, channels] float32; centres [batch, joints, 2] as (y, x).
export { SslLossInputError } from './ssl-loss-input-error.js';
export { DEFAULT_IGNORE_LABELS } from './inputs/ignore-labels.js';
export type { LabelOptions } from './inputs/label-options.js';
export { withoutGradient } from './without-gradient.js';

export {
  LIP_SSL_JOINT_GROUPS,
  LIP_SSL_JOINT_NAMES,
  jointGroupsFromMergeDict,
  type JointGroups,
} from './joints/joint-groups.js';
export {
  computeJointCentres,
  JOINT_CENTRE_VARIANTS,
  type ComputeJointCentresOptions,
  type JointCentres,
  type JointCentreVariant,
} from './joints/joint-centres.js';
export {
  renderJointMaps,
  JOINT_MAP_SIGMA,
  JOINT_MAP_GAIN,
  type RenderJointMapsOptions,
  type JointCentresInput,
} from './joints/render-joint-maps.js';
export { jointMapsFromLabels, type JointMapsFromLabelsOptions } from './joints/joint-maps-from-labels.js';

export { predictedLabels } from './labels/predicted-labels.js';
export { resizeLabelsNearest } from './labels/resize-labels-nearest.js';

export { KERAS_EPSILON, type CrossEntropyOptions, type PredictionKind } from './losses/cross-entropy-terms.js';
export { pixelCrossEntropy } from './losses/pixel-cross-entropy.js';
export { maskedSoftmaxCrossEntropy } from './losses/masked-softmax-cross-entropy.js';
export {
  ohemCrossEntropy,
  ohemCrossEntropyPerImage,
  ohemKeepCount,
  SSNAN_OHEM_DIVISOR,
  type OhemOptions,
} from './losses/ohem-cross-entropy.js';
export { structureLoss, CAFFE_HEATMAP_ERROR_SCALE, type StructureLossOptions } from './losses/structure-loss.js';
export {
  ssnanSslLoss,
  ssnanStructureWeight,
  type SsnanSslOptions,
  type SsnanStructureOptions,
} from './losses/ssnan-ssl-loss.js';
export {
  caffeSslLoss,
  caffeStructureError,
  CAFFE_MAX_PIXEL_CROSS_ENTROPY,
  type CaffeSslOptions,
  type CaffeStructureErrorOptions,
} from './losses/caffe-ssl-loss.js';
export { poseL2Loss } from './losses/pose-l2-loss.js';
export { averageLossTerms, sumLossTerms } from './losses/loss-terms.js';
export { ssnanPixelAccuracy } from './losses/ssnan-pixel-accuracy.js';
