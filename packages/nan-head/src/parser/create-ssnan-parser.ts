import { checkParserOptions, loadParser, type ParserFamily, type ParserModelOptions } from '@lip/runtime';
import { LIP_NUM_CLASSES } from '@lip/schema';
import { createSsnan } from '../model/create-ssnan.js';
import { resolveSsnanConfig, type ResolvedSsnanConfig, type SsnanConfig } from '../model/ssnan-config.js';
import { SSNAN_METADATA_KEY } from '../model/ssnan-from-model.js';
import type { Ssnan } from '../model/ssnan.js';
import { ssnanParserOf, type SsnanParser } from './ssnan-parser.js';

/**
 * `model`: the URL of a web model's `model.json` (the SS-NAN config in `userDefinedMetadata.ssnan`, as `lip-convert`
 * and `ssnan.model.save` write it) or a `tf.io.IOHandler`; `@lip/nan-head/node` also takes local paths. `config`: the
 * network for a model that does not carry its config (a `train()` checkpoint; in Node, an `.h5`, where it defaults to
 * the published SS-NAN).
 */
export type SsnanParserConfig = ParserModelOptions<SsnanConfig>;

/** SS-NAN as a LIP parser (20 classes). */
export const SSNAN_PARSER_FAMILY: ParserFamily<SsnanConfig, Ssnan, SsnanParser> = {
  packageName: '@lip/nan-head',
  name: 'SS-NAN',
  metadataKey: SSNAN_METADATA_KEY,
  lipProblem(config) {
    let resolved: ResolvedSsnanConfig;
    try {
      resolved = resolveSsnanConfig(config as SsnanConfig);
    } catch (error) {
      return `its SS-NAN config is invalid: ${(error as Error).message}`;
    }
    if (resolved.numClasses !== LIP_NUM_CLASSES) return `it is an SS-NAN with ${resolved.numClasses} classes; a LIP parser needs ${LIP_NUM_CLASSES}`;
    return null;
  },
  build: createSsnan,
  layersModelOf: (ssnan) => ssnan.model,
  parserOf: (ssnan) => ssnanParserOf(ssnan),
};

/**
 * An SS-NAN human parser from a web model (`model.json` URL) or a `tf.io.IOHandler`, in browsers and Node:
 * model.json is checked first (a tfjs layers model carrying an SS-NAN config for the 20 LIP classes), then the
 * weight files are loaded (`onProgress`; float32 or float16 shards), the network is built from the config and every
 * weight is assigned by name. Any mismatch is an error naming the URL and what was expected, and leaves nothing
 * allocated. The backend is the application's choice (`tf.setBackend`, or `@lip/runtime`'s `useBackend`).
 */
export async function createSsnanParser(parserConfig: SsnanParserConfig): Promise<SsnanParser> {
  checkParserOptions(SSNAN_PARSER_FAMILY, parserConfig, 'createSsnanParser');
  return loadParser(SSNAN_PARSER_FAMILY, parserConfig);
}
