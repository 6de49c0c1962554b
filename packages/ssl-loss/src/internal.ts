// @lip/ssl-loss/internal: the pieces the losses are made of, and their constants, for the other @lip packages and
// for tests. No semver promise.
export { withoutGradient } from './without-gradient.js';
export { LIP_SSL_JOINT_NAMES, jointGroupsFromMergeDict, type JointGroups } from './joints/joint-groups.js';
export { JOINT_CENTRE_VARIANTS, type JointCentreVariant } from './joints/joint-centres.js';
export { JOINT_MAP_SIGMA, JOINT_MAP_GAIN } from './joints/render-joint-maps.js';
export { predictedLabels } from './labels/predicted-labels.js';
export { resizeLabelsNearest } from './labels/resize-labels-nearest.js';
export { KERAS_EPSILON } from './losses/cross-entropy-terms.js';
export { ohemCrossEntropyPerImage, ohemKeepCount, SSNAN_OHEM_DIVISOR } from './losses/ohem-cross-entropy.js';
export { CAFFE_HEATMAP_ERROR_SCALE } from './losses/structure-loss.js';
export { ssnanStructureWeight, type SsnanStructureOptions } from './losses/ssnan-ssl-loss.js';
export { caffeStructureError, CAFFE_MAX_PIXEL_CROSS_ENTROPY, type CaffeStructureErrorOptions } from './losses/caffe-ssl-loss.js';
export { averageLossTerms, sumLossTerms } from './losses/loss-terms.js';
