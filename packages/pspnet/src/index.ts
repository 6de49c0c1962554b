export { createResnetTrunk } from './trunk/create-resnet-trunk.js';
export {
  resolveResnetTrunkConfig,
  scaleChannels,
  RESNET_BLOCKS,
  FAMILY_BATCH_NORM,
  type ResnetTrunkConfig,
  type ResolvedResnetTrunkConfig,
  type ResnetFamily,
  type ResnetDepth,
  type OutputStride,
  type BatchNormConfig,
  type StagePlan,
} from './trunk/resnet-trunk-config.js';
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
export { BilinearResize, bilinearResize, type BilinearResizeArgs } from './layers/bilinear-resize.js';
export {
  pyramidPoolingModule,
  pyramidPoolKernel,
  pyramidPoolKernels,
  PSPNET_BINS,
  type PyramidPoolingOptions,
} from './psp/pyramid-pooling-module.js';
export { pspnetHead, type PspnetHeadOptions } from './psp/pspnet-head.js';
export { createPspnet, type Pspnet, type PspnetConfig, type SegmentOptions } from './pspnet/create-pspnet.js';
export {
  letterboxPlan,
  moldImage,
  unmoldProbabilities,
  type LetterboxPlan,
  type Preprocessing,
} from './segment/letterbox.js';
export { loadPspnetWeights, loadTrunkWeights } from './weights/load-pspnet-weights.js';
