import type * as tf from '@tensorflow/tfjs-core';
import { assignWeightsByName, loadModelArtifacts, ModelLoadError } from '@lip/runtime';
import { LIP_NUM_CLASSES, LIP_NUM_JOINTS } from '@lip/schema';
import { createJppnet, JPPNET_METADATA_KEY } from '../model/create-jppnet.js';
import type { Jppnet } from '../model/jppnet.js';
import { resolveJppnetConfig, type JppnetConfig, type ResolvedJppnetConfig } from '../model/jppnet-config.js';
import { jppnetParserOf, type JppnetParser } from './jppnet-parser.js';

export interface JppnetParserConfig {
  /**
   * The model: the URL of a web model's `model.json` (the tfjs layers format with the JPPNet config in
   * `userDefinedMetadata.jppnet`, as `saveJppnet` writes it; its weight files beside it), or a `tf.io.IOHandler`.
   * `@lip/jppnet/node` also takes local paths.
   */
  readonly model: string | tf.io.IOHandler;
  /** Called with the fraction (0–1) of the weight files loaded. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * The network to build, for a model that does not carry its config (a `train()` checkpoint; in Node, a TF
   * checkpoint, where it defaults to JPPNet-s2). By default the model's own.
   */
  readonly config?: JppnetConfig;
}

/** Why a JPPNet config cannot serve as a LIP parser, or null. */
function lipProblem(config: unknown): string | null {
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
}

/**
 * Builds the JPPNet of `config`, lets `assign` load its weights, and returns the parser; on any failure the
 * network is disposed and nothing is left behind. `source` names the model in errors.
 */
export async function jppnetParserFromWeights(config: JppnetConfig, source: string, assign: (jppnet: Jppnet) => unknown): Promise<JppnetParser> {
  const problem = lipProblem(config);
  if (problem) throw new ModelLoadError(`${source}: ${problem}`);
  const jppnet = createJppnet(config);
  try {
    await assign(jppnet);
  } catch (error) {
    jppnet.dispose();
    throw error;
  }
  return jppnetParserOf(jppnet);
}

export function checkParserConfig(config: JppnetParserConfig, factory: string): void {
  if (config == null || typeof config !== 'object') throw new TypeError(`@lip/jppnet: ${factory} expects {model, onProgress?, config?}`);
  const { model, onProgress } = config;
  if (!(typeof model === 'string' || (model != null && typeof (model as tf.io.IOHandler).load === 'function'))) {
    throw new TypeError(`@lip/jppnet: ${factory}: model must be the URL of a model.json or a tf.io.IOHandler, got ${model === null ? 'null' : typeof model}`);
  }
  if (onProgress != null && typeof onProgress !== 'function') throw new TypeError(`@lip/jppnet: ${factory}: onProgress must be a function (fraction) => void`);
}

/** `createJppnetParser`'s work, with how errors name the model (`source`) when the caller knows better. */
export async function loadJppnetParser(parserConfig: JppnetParserConfig, source?: string): Promise<JppnetParser> {
  const { model, onProgress, config } = parserConfig;
  const loaded = await loadModelArtifacts(model, {
    ...(onProgress ? { onProgress } : {}),
    ...(source != null ? { source } : {}),
    ...(config == null ? { expectMetadataKey: JPPNET_METADATA_KEY, checkMetadata: lipProblem } : {}),
  });
  const { artifacts } = loaded;
  return jppnetParserFromWeights(config ?? (loaded.metadata as JppnetConfig), loaded.source, (jppnet) => assignWeightsByName(jppnet.model, artifacts, loaded.source));
}

/**
 * A JPPNet human parser from a web model (`model.json` URL) or a `tf.io.IOHandler`, in browsers and Node:
 * model.json is checked first (a tfjs layers model carrying a JPPNet config for the 20 LIP classes and 16
 * joints), then the weight files are loaded (`onProgress`), the network is built from the config and every
 * weight is assigned by name. Any mismatch is an error naming the URL and what was expected, and leaves nothing
 * allocated. The backend is the application's choice (`tf.setBackend`, or `@lip/runtime`'s `useBackend`).
 */
export async function createJppnetParser(parserConfig: JppnetParserConfig): Promise<JppnetParser> {
  checkParserConfig(parserConfig, 'createJppnetParser');
  return loadJppnetParser(parserConfig);
}
