// @lip/convert: the authors' weights (JPPNet TF checkpoints, SS-NAN and PSPNet-Keras .h5) and LIP training output
// → web model folders (tfjs layers model.json + weight shards, float32, float16 or uint8). Node only: it reads and writes files.
export { convertToWebModel, WEB_MODEL_SHARD_BYTES, type ConvertToWebModelOptions } from './convert-to-web-model.js';
export { formatConversionReport, WEB_MODEL_DTYPES, type ConversionReport, type Float16Comparison, type QuantizedComparison, type WebModelDtype, type WebModelFile } from './conversion-report.js';
export { ConvertError } from './convert-error.js';
export { encodeFloat16, roundToFloat16, quantizeWeightsToFloat16, FLOAT16_MAX, type Float16Weights } from './float16.js';
export { quantizeWeightsToUint8, uint8Range, encodeUint8 } from './uint8.js';
export type { QuantizedWeights } from './quantize-weights.js';
export { WEB_MODEL_KINDS, type WebModelKind } from './web-model-kind.js';
