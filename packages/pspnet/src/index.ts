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
