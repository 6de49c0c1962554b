import type * as tf from '@tensorflow/tfjs-core';
import { assignWeightsByName, loadModelArtifacts, ModelLoadError } from '@lip/runtime';
import { LIP_NUM_CLASSES } from '@lip/schema';
import { createPspnet, PSPNET_METADATA_KEY, type Pspnet, type PspnetConfig } from '../pspnet/create-pspnet.js';
import { pspnetParserOf, type PspnetParser } from './pspnet-parser.js';

/** A PSPNet config for a LIP parser: `numClasses` may be left out (20). */
export type PspnetParserNetworkConfig = Omit<PspnetConfig, 'numClasses'> & { readonly numClasses?: number };

export interface PspnetParserConfig {
  /**
   * The model: the URL of a web model's `model.json` (the tfjs layers format with the PSPNet config in
   * `userDefinedMetadata.pspnet`, as `lip-convert` and `pspnet.model.save` write it; its weight files beside it), or a
   * `tf.io.IOHandler`. `@lip/pspnet/node` also takes local paths.
   */
  readonly model: string | tf.io.IOHandler;
  /** Called with the fraction (0–1) of the weight files loaded. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * The network to build, for a model that does not carry its config (in Node, a PSPNet-Keras `.h5`, where it
   * defaults to ResNet-101 at 473² with 20 classes). By default the model's own.
   */
  readonly config?: PspnetParserNetworkConfig;
}

/** Why a PSPNet config cannot serve as a LIP parser, or null. */
export function pspnetLipProblem(config: unknown): string | null {
  if (config == null || typeof config !== 'object' || Array.isArray(config)) return `its PSPNet config is not an object: ${JSON.stringify(config)}`;
  const { numClasses } = config as Partial<PspnetConfig>;
  if (numClasses !== LIP_NUM_CLASSES) return `it is a PSPNet with ${JSON.stringify(numClasses)} classes; a LIP parser needs ${LIP_NUM_CLASSES}`;
  return null;
}

/**
 * Builds the PSPNet of `config`, lets `assign` load its weights, and returns the parser; on any failure the network
 * is disposed and nothing is left behind. `source` names the model in errors.
 */
export async function pspnetParserFromWeights(config: PspnetConfig, source: string, assign: (pspnet: Pspnet) => unknown): Promise<PspnetParser> {
  const problem = pspnetLipProblem(config);
  if (problem) throw new ModelLoadError(`${source}: ${problem}`);
  let pspnet: Pspnet;
  try {
    pspnet = createPspnet(config);
  } catch (error) {
    throw new ModelLoadError(`${source}: its PSPNet config is invalid: ${(error as Error).message}`, { cause: error });
  }
  try {
    await assign(pspnet);
  } catch (error) {
    pspnet.dispose();
    throw error;
  }
  return pspnetParserOf(pspnet, config);
}

/** The config of a LIP parser: `numClasses` 20 unless given (then checked). */
export function lipPspnetConfig(config: PspnetParserNetworkConfig): PspnetConfig {
  return { ...config, numClasses: config.numClasses ?? LIP_NUM_CLASSES };
}

export function checkPspnetParserConfig(config: PspnetParserConfig, factory: string): void {
  if (config == null || typeof config !== 'object') throw new TypeError(`@lip/pspnet: ${factory} expects {model, onProgress?, config?}`);
  const { model, onProgress } = config;
  if (!(typeof model === 'string' || (model != null && typeof (model as tf.io.IOHandler).load === 'function'))) {
    throw new TypeError(`@lip/pspnet: ${factory}: model must be the URL of a model.json or a tf.io.IOHandler, got ${model === null ? 'null' : typeof model}`);
  }
  if (onProgress != null && typeof onProgress !== 'function') throw new TypeError(`@lip/pspnet: ${factory}: onProgress must be a function (fraction) => void`);
}

/** `createPspnetParser`'s work, with how errors name the model (`source`) when the caller knows better. */
export async function loadPspnetParser(parserConfig: PspnetParserConfig, source?: string): Promise<PspnetParser> {
  const { model, onProgress, config } = parserConfig;
  const loaded = await loadModelArtifacts(model, {
    ...(onProgress ? { onProgress } : {}),
    ...(source != null ? { source } : {}),
    ...(config == null ? { expectMetadataKey: PSPNET_METADATA_KEY, checkMetadata: pspnetLipProblem } : {}),
  });
  const { artifacts } = loaded;
  const network = config != null ? lipPspnetConfig(config) : (loaded.metadata as PspnetConfig);
  return pspnetParserFromWeights(network, loaded.source, (pspnet) => assignWeightsByName(pspnet.model, artifacts, loaded.source));
}

/**
 * A PSPNet human parser (20 LIP classes) from a web model (`model.json` URL) or a `tf.io.IOHandler`, in browsers and
 * Node: model.json is checked first (a tfjs layers model carrying a PSPNet config with 20 classes), then the weight
 * files are loaded (`onProgress`), the network is built from the config and every weight is assigned by name. Any
 * mismatch is an error naming the URL and what was expected, and leaves nothing allocated. The backend is the
 * application's choice (`tf.setBackend`, or `@lip/runtime`'s `useBackend`).
 */
export async function createPspnetParser(parserConfig: PspnetParserConfig): Promise<PspnetParser> {
  checkPspnetParserConfig(parserConfig, 'createPspnetParser');
  return loadPspnetParser(parserConfig);
}
