// @lip/pspnet: PSPNet (dilated ResNet trunk + pyramid pooling) on TensorFlow.js, with the layer names of
// PSPNet-Keras and DeepLab so that their weights load by name. Parsing images (LIP): createPspnetParser. Building blocks live in @lip/pspnet/internal.
export { createPspnet, type Pspnet, type PspnetConfig, type SegmentOptions } from './pspnet/create-pspnet.js';
export { createPspnetParser, type PspnetParserConfig, type PspnetParserNetworkConfig } from './parser/create-pspnet-parser.js';
export type { PspnetParser } from './parser/pspnet-parser.js';
export type { Preprocessing } from './segment/letterbox.js';
export { createResnetTrunk } from './trunk/create-resnet-trunk.js';
export {
  resolveResnetTrunkConfig,
  type ResnetTrunkConfig,
  type ResolvedResnetTrunkConfig,
  type ResnetFamily,
  type ResnetDepth,
  type OutputStride,
  type BatchNormConfig,
  type StagePlan,
} from './trunk/resnet-trunk-config.js';
export { pyramidPoolingModule, PSPNET_BINS, type PyramidPoolingOptions } from './psp/pyramid-pooling-module.js';
export { pspnetHead, type PspnetHeadOptions } from './psp/pspnet-head.js';
export { BilinearResize, type BilinearResizeArgs } from './layers/bilinear-resize.js';
export { loadPspnetWeights, loadTrunkWeights } from './weights/load-pspnet-weights.js';
