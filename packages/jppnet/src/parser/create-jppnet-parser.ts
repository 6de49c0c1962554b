import { checkParserOptions, loadParser, type ParserFamily, type ParserModelOptions } from '@lip/runtime';
import { LIP_NUM_CLASSES, LIP_NUM_JOINTS } from '@lip/schema';
import { createJppnet, JPPNET_METADATA_KEY } from '../model/create-jppnet.js';
import type { Jppnet } from '../model/jppnet.js';
import { resolveJppnetConfig, type JppnetConfig, type ResolvedJppnetConfig } from '../model/jppnet-config.js';
import { jppnetParserOf, type JppnetParser } from './jppnet-parser.js';

/**
 * `model`: the URL of a web model's `model.json` (the JPPNet config in `userDefinedMetadata.jppnet`, as `saveJppnet`
 * and `lip-convert` write it) or a `tf.io.IOHandler`; `@lip/jppnet/node` also takes local paths. `config`: the network
 * for a model that does not carry its config (a `train()` checkpoint; in Node, a TF checkpoint, where it defaults to
 * JPPNet-s2).
 */
export type JppnetParserConfig = ParserModelOptions<JppnetConfig>;

/** JPPNet as a LIP parser (20 classes, 16 joints). */
export const JPPNET_PARSER_FAMILY: ParserFamily<JppnetConfig, Jppnet, JppnetParser> = {
  packageName: '@lip/jppnet',
  name: 'JPPNet',
  metadataKey: JPPNET_METADATA_KEY,
  lipProblem(config) {
    let resolved: ResolvedJppnetConfig;
    try {
      resolved = resolveJppnetConfig(config as JppnetConfig);
    } catch (error) {
      return `its JPPNet config is invalid: ${(error as Error).message}`;
    }
    if (resolved.numClasses !== LIP_NUM_CLASSES || resolved.numJoints !== LIP_NUM_JOINTS) {
      return `it is a JPPNet with ${resolved.numClasses} classes and ${resolved.numJoints} joints; a LIP parser needs ${LIP_NUM_CLASSES} classes and ${LIP_NUM_JOINTS} joints`;
    }
    return null;
  },
  build: createJppnet,
  layersModelOf: (jppnet) => jppnet.model,
  parserOf: (jppnet) => jppnetParserOf(jppnet),
};

/**
 * A JPPNet human parser from a web model (`model.json` URL) or a `tf.io.IOHandler`, in browsers and Node:
 * model.json is checked first (a tfjs layers model carrying a JPPNet config for the 20 LIP classes and 16
 * joints), then the weight files are loaded (`onProgress`), the network is built from the config and every
 * weight is assigned by name. Any mismatch is an error naming the URL and what was expected, and leaves nothing
 * allocated. The backend is the application's choice (`tf.setBackend`, or `@lip/runtime`'s `useBackend`).
 */
export async function createJppnetParser(parserConfig: JppnetParserConfig): Promise<JppnetParser> {
  checkParserOptions(JPPNET_PARSER_FAMILY, parserConfig, 'createJppnetParser');
  return loadParser(JPPNET_PARSER_FAMILY, parserConfig);
}
