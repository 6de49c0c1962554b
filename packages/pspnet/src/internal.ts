// @lip/pspnet/internal: building blocks of the trunk and the segmenter, for the other @lip packages (SS-NAN and
// JPPNet build on the trunk by layer name). No semver promise.
export { PSPNET_METADATA_KEY } from './pspnet/create-pspnet.js';
export { scaleChannels, RESNET_BLOCKS, FAMILY_BATCH_NORM } from './trunk/resnet-trunk-config.js';
export {
  bottleneckNames,
  stemNames,
  pspnetBlockNames,
  deeplabBlockNames,
  deeplabBlockId,
  type BottleneckNames,
  type StemNames,
  type StemConvNames,
} from './trunk/layer-names.js';
export { bilinearResize } from './layers/bilinear-resize.js';
export { pyramidPoolKernel, pyramidPoolKernels } from './psp/pyramid-pooling-module.js';
export { letterboxPlan, moldImage, unmoldProbabilities, unmoldScores, type LetterboxPlan } from './segment/letterbox.js';
