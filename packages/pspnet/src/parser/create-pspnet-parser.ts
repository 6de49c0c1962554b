import { checkParserOptions, loadParser, type ParserFamily, type ParserModelOptions } from '@lip/runtime';
import { LIP_NUM_CLASSES } from '@lip/schema';
import { createPspnet, PSPNET_METADATA_KEY, type Pspnet, type PspnetConfig } from '../pspnet/create-pspnet.js';
import { pspnetParserOf, type PspnetParser } from './pspnet-parser.js';

/** A PSPNet config for a LIP parser: `numClasses` may be left out (20). */
export type PspnetParserNetworkConfig = Omit<PspnetConfig, 'numClasses'> & { readonly numClasses?: number };

/**
 * `model`: the URL of a web model's `model.json` (the PSPNet config in `userDefinedMetadata.pspnet`, as `lip-convert`
 * and `pspnet.model.save` write it) or a `tf.io.IOHandler`; `@lip/pspnet/node` also takes local paths. `config`: the
 * network for a model that does not carry its config (in Node, a PSPNet-Keras `.h5`, where it defaults to ResNet-101
 * at 473² with 20 classes).
 */
export type PspnetParserConfig = ParserModelOptions<PspnetParserNetworkConfig>;

/** The config of a LIP parser: `numClasses` 20 unless given. */
const lipPspnetConfig = (config: PspnetParserNetworkConfig): PspnetConfig => ({ ...config, numClasses: config.numClasses ?? LIP_NUM_CLASSES });

/** PSPNet as a LIP parser (20 classes). */
export const PSPNET_PARSER_FAMILY: ParserFamily<PspnetParserNetworkConfig, Pspnet, PspnetParser> = {
  packageName: '@lip/pspnet',
  name: 'PSPNet',
  metadataKey: PSPNET_METADATA_KEY,
  lipProblem(config) {
    if (config == null || typeof config !== 'object' || Array.isArray(config)) return `its PSPNet config is not an object: ${JSON.stringify(config)}`;
    const { numClasses = LIP_NUM_CLASSES } = config as Partial<PspnetConfig>;
    if (numClasses !== LIP_NUM_CLASSES) return `it is a PSPNet with ${JSON.stringify(numClasses)} classes; a LIP parser needs ${LIP_NUM_CLASSES}`;
    return null;
  },
  build: (config) => createPspnet(lipPspnetConfig(config)),
  layersModelOf: (pspnet) => pspnet.model,
  parserOf: (pspnet, config) => pspnetParserOf(pspnet, lipPspnetConfig(config)),
};

/**
 * A PSPNet human parser (20 LIP classes) from a web model (`model.json` URL) or a `tf.io.IOHandler`, in browsers and
 * Node: model.json is checked first (a tfjs layers model carrying a PSPNet config with 20 classes), then the weight
 * files are loaded (`onProgress`), the network is built from the config and every weight is assigned by name. Any
 * mismatch is an error naming the URL and what was expected, and leaves nothing allocated. The backend is the
 * application's choice (`tf.setBackend`, or `@lip/runtime`'s `useBackend`).
 */
export async function createPspnetParser(parserConfig: PspnetParserConfig): Promise<PspnetParser> {
  checkParserOptions(PSPNET_PARSER_FAMILY, parserConfig, 'createPspnetParser');
  return loadParser(PSPNET_PARSER_FAMILY, parserConfig);
}
