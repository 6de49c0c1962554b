// @lip/jppnet: JPPNet joint human parsing and pose estimation (Engineering-Course/LIP_JPPNet) on TensorFlow.js.
// Parsing images: createJppnetParser. Building and training the network: createJppnet (+ @lip/jppnet/training).
// Training is in @lip/jppnet/training, layer names and other building blocks in @lip/jppnet/internal.
export {
  resolveJppnetConfig,
  jppnetConfigOf,
  type JppnetConfig,
  type ResolvedJppnetConfig,
  type HeadInitializer,
} from './model/jppnet-config.js';
export { createJppnet, JPPNET_METADATA_KEY } from './model/create-jppnet.js';
export { Jppnet, type JppnetStageOutputs } from './model/jppnet.js';
export { inferJppnet, type JppnetInference, type JppnetInferenceOptions } from './inference/infer-jppnet.js';
export { createJppnetParser, type JppnetParserConfig } from './parser/create-jppnet-parser.js';
export type { JppnetParser, JppnetParsingResult } from './parser/jppnet-parser.js';
export { loadJppnetWeights } from './weights/load-jppnet-weights.js';
