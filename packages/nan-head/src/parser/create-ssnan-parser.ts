import type * as tf from '@tensorflow/tfjs-core';
import { assignWeightsByName, loadModelArtifacts, ModelLoadError } from '@lip/runtime';
import { LIP_NUM_CLASSES } from '@lip/schema';
import { createSsnan } from '../model/create-ssnan.js';
import { resolveSsnanConfig, type ResolvedSsnanConfig, type SsnanConfig } from '../model/ssnan-config.js';
import { SSNAN_METADATA_KEY } from '../model/ssnan-from-model.js';
import type { Ssnan } from '../model/ssnan.js';
import { ssnanParserOf, type SsnanParser } from './ssnan-parser.js';

export interface SsnanParserConfig {
  /**
   * The model: the URL of a web model's `model.json` (the tfjs layers format with the SS-NAN config in
   * `userDefinedMetadata.ssnan`, as `lip-convert` and `ssnan.model.save` write it; its weight files beside it), or a
   * `tf.io.IOHandler`. `@lip/nan-head/node` also takes local paths.
   */
  readonly model: string | tf.io.IOHandler;
  /** Called with the fraction (0–1) of the weight files loaded. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * The network to build, for a model that does not carry its config (a `train()` checkpoint; in Node, an `.h5`,
   * where it defaults to the published SS-NAN). By default the model's own.
   */
  readonly config?: SsnanConfig;
}

/** Why an SS-NAN config cannot serve as a LIP parser, or null. */
export function ssnanLipProblem(config: unknown): string | null {
  let resolved: ResolvedSsnanConfig;
  try {
    resolved = resolveSsnanConfig(config as SsnanConfig);
  } catch (error) {
    return `its SS-NAN config is invalid: ${(error as Error).message}`;
  }
  if (resolved.numClasses !== LIP_NUM_CLASSES) return `it is an SS-NAN with ${resolved.numClasses} classes; a LIP parser needs ${LIP_NUM_CLASSES}`;
  return null;
}

/**
 * Builds the SS-NAN of `config`, lets `assign` load its weights, and returns the parser; on any failure the network
 * is disposed and nothing is left behind. `source` names the model in errors.
 */
export async function ssnanParserFromWeights(config: SsnanConfig, source: string, assign: (ssnan: Ssnan) => unknown): Promise<SsnanParser> {
  const problem = ssnanLipProblem(config);
  if (problem) throw new ModelLoadError(`${source}: ${problem}`);
  const ssnan = createSsnan(config);
  try {
    await assign(ssnan);
  } catch (error) {
    ssnan.dispose();
    throw error;
  }
  return ssnanParserOf(ssnan);
}

export function checkSsnanParserConfig(config: SsnanParserConfig, factory: string): void {
  if (config == null || typeof config !== 'object') throw new TypeError(`@lip/nan-head: ${factory} expects {model, onProgress?, config?}`);
  const { model, onProgress } = config;
  if (!(typeof model === 'string' || (model != null && typeof (model as tf.io.IOHandler).load === 'function'))) {
    throw new TypeError(`@lip/nan-head: ${factory}: model must be the URL of a model.json or a tf.io.IOHandler, got ${model === null ? 'null' : typeof model}`);
  }
  if (onProgress != null && typeof onProgress !== 'function') throw new TypeError(`@lip/nan-head: ${factory}: onProgress must be a function (fraction) => void`);
}

/** `createSsnanParser`'s work, with how errors name the model (`source`) when the caller knows better. */
export async function loadSsnanParser(parserConfig: SsnanParserConfig, source?: string): Promise<SsnanParser> {
  const { model, onProgress, config } = parserConfig;
  const loaded = await loadModelArtifacts(model, {
    ...(onProgress ? { onProgress } : {}),
    ...(source != null ? { source } : {}),
    ...(config == null ? { expectMetadataKey: SSNAN_METADATA_KEY, checkMetadata: ssnanLipProblem } : {}),
  });
  const { artifacts } = loaded;
  return ssnanParserFromWeights(config ?? (loaded.metadata as SsnanConfig), loaded.source, (ssnan) => assignWeightsByName(ssnan.model, artifacts, loaded.source));
}

/**
 * An SS-NAN human parser from a web model (`model.json` URL) or a `tf.io.IOHandler`, in browsers and Node:
 * model.json is checked first (a tfjs layers model carrying an SS-NAN config for the 20 LIP classes), then the
 * weight files are loaded (`onProgress`; float32 or float16 shards), the network is built from the config and every
 * weight is assigned by name. Any mismatch is an error naming the URL and what was expected, and leaves nothing
 * allocated. The backend is the application's choice (`tf.setBackend`, or `@lip/runtime`'s `useBackend`).
 */
export async function createSsnanParser(parserConfig: SsnanParserConfig): Promise<SsnanParser> {
  checkSsnanParserConfig(parserConfig, 'createSsnanParser');
  return loadSsnanParser(parserConfig);
}
