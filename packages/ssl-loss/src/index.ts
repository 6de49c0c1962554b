// @lip/ssl-loss: joint centres from parsing maps, Gaussian joint maps, and the losses of SS-NAN (OHEM CE, SSL),
// caffe SSL and JPPNet (parsing CE, pose L2). Plain tfjs-core ops: training code imports @lip/runtime/training
// (or this package's /training entry), which registers the gradients. Smaller pieces live in /internal.
//
// Layouts: labels [batch, height, width] int32; class scores, joint maps and heatmaps NHWC
// [batch, height, width, channels] float32; centres [batch, joints, 2] as (y, x).
export { SslLossInputError } from './ssl-loss-input-error.js';
export { DEFAULT_IGNORE_LABELS } from './inputs/ignore-labels.js';
export type { LabelOptions } from './inputs/label-options.js';
export { LIP_SSL_JOINT_GROUPS } from './joints/joint-groups.js';
export { computeJointCentres, type ComputeJointCentresOptions, type JointCentres } from './joints/joint-centres.js';
export { renderJointMaps, type RenderJointMapsOptions, type JointCentresInput } from './joints/render-joint-maps.js';
export { jointMapsFromLabels, type JointMapsFromLabelsOptions } from './joints/joint-maps-from-labels.js';
export type { CrossEntropyOptions, PredictionKind } from './losses/cross-entropy-terms.js';
export { pixelCrossEntropy } from './losses/pixel-cross-entropy.js';
export { maskedSoftmaxCrossEntropy } from './losses/masked-softmax-cross-entropy.js';
export { ohemCrossEntropy, type OhemOptions } from './losses/ohem-cross-entropy.js';
export { structureLoss, type StructureLossOptions } from './losses/structure-loss.js';
export { ssnanSslLoss, type SsnanSslOptions } from './losses/ssnan-ssl-loss.js';
export { caffeSslLoss, type CaffeSslOptions } from './losses/caffe-ssl-loss.js';
export { poseL2Loss } from './losses/pose-l2-loss.js';
export { ssnanPixelAccuracy } from './losses/ssnan-pixel-accuracy.js';
