// Node entry: file system, sharp decoding, dataset reader, labels_rev tool, batch iterator.
export { detectLipLayout, type LipLayout, type LipLayoutKind, type LipSplit, type LipSplitPaths } from './node/detect-lip-layout.js';
export {
  openLipDataset,
  validateLipId,
  validateLabelValues,
  type OpenLipDatasetOptions,
  type LipDataset,
  type LipSample,
} from './node/open-lip-dataset.js';
export { LipDatasetError } from './node/lip-dataset-error.js';
export { decodeRgbImage, decodeLabelPng } from './node/decode-images.js';
export { encodeJpeg, encodeRgbPng } from './node/encode-images.js';
export { makeLabelsRev, type MakeLabelsRevOptions } from './node/make-labels-rev.js';
export { OFFICIAL_LAYOUT } from './node/lip-layout-paths.js';
export { iterateBatches, type BatchIteratorOptions, type LipBatch } from './node/batch-iterator.js';
export { createBatchLoader, type BatchLoader, type BatchLoaderOptions } from './node/batch-loader.js';
export { batchToTensors, type TensorFactory } from './node/batch-tensors.js';
export { processSample, type LipPipelineName, type LipPipelineOptions, type ProcessedSample } from './node/sample-pipeline.js';
