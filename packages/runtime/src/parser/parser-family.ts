import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { assignWeightsByName } from './assign-weights-by-name.js';
import { loadModelArtifacts } from './load-model-artifacts.js';
import { ModelLoadError } from './model-load-error.js';

/** What every parser factory (`createJppnetParser`, `createSsnanParser`, `createPspnetParser`) takes. */
export interface ParserModelOptions<Config> {
  /**
   * The model: the URL of a web model's `model.json` (the tfjs layers format with the network config in
   * `userDefinedMetadata`; its weight files beside it), or a `tf.io.IOHandler`. The packages' `/node` entries also
   * take local paths.
   */
  readonly model: string | tf.io.IOHandler;
  /** Called with the fraction (0–1) of the weight files loaded. */
  readonly onProgress?: (fraction: number) => void;
  /** The network to build, for a model that does not carry its config. By default the model's own. */
  readonly config?: Config;
}

/** How one model family becomes a LIP human parser: what its parser factory needs from the model package. */
export interface ParserFamily<Config, Network extends { dispose(): void }, Parser> {
  /** Who speaks in errors, e.g. `@lip/jppnet`. */
  readonly packageName: string;
  /** The network's name in errors, e.g. `JPPNet`. */
  readonly name: string;
  /** The key of the network config in model.json's `userDefinedMetadata`, e.g. `jppnet`. */
  readonly metadataKey: string;
  /** Why a config cannot serve as a LIP parser (invalid, another class count…), or null. */
  lipProblem(config: unknown): string | null;
  /** Builds the network (random weights) of a config `lipProblem` accepted. */
  build(config: Config): Network;
  /** The layers model whose weights are assigned by name. */
  layersModelOf(network: Network): tfl.LayersModel;
  parserOf(network: Network, config: Config): Parser;
}

/** Type checks of a factory's options, with errors that name the factory. */
export function checkParserOptions(family: Pick<ParserFamily<unknown, never, unknown>, 'packageName'>, options: unknown, factory: string): void {
  const prefix = `${family.packageName}: ${factory}`;
  if (options == null || typeof options !== 'object') throw new TypeError(`${prefix} expects {model, onProgress?, config?}`);
  const { model, onProgress } = options as ParserModelOptions<unknown>;
  if (!(typeof model === 'string' || (model != null && typeof (model as tf.io.IOHandler).load === 'function'))) {
    throw new TypeError(`${prefix}: model must be the URL of a model.json or a tf.io.IOHandler, got ${model === null ? 'null' : typeof model}`);
  }
  if (onProgress != null && typeof onProgress !== 'function') throw new TypeError(`${prefix}: onProgress must be a function (fraction) => void`);
}

/**
 * Builds the network of `config`, lets `assign` load its weights, and returns the parser; on any failure the network
 * is disposed and nothing is left behind. `source` names the model in errors.
 */
export async function parserFromWeights<Config, Network extends { dispose(): void }, Parser>(
  family: ParserFamily<Config, Network, Parser>,
  config: Config,
  source: string,
  assign: (network: Network) => unknown,
): Promise<Parser> {
  const problem = family.lipProblem(config);
  if (problem) throw new ModelLoadError(`${source}: ${problem}`);
  let network: Network;
  try {
    network = family.build(config);
  } catch (error) {
    throw new ModelLoadError(`${source}: its ${family.name} config is invalid: ${(error as Error).message}`, { cause: error });
  }
  try {
    await assign(network);
  } catch (error) {
    network.dispose();
    throw error;
  }
  return family.parserOf(network, config);
}

/**
 * A parser from a web model URL or a `tf.io.IOHandler`: model.json is checked first (its config, under the family's
 * metadata key, must be a LIP parser's; skipped when `options.config` is given), then the weight files are loaded
 * (`onProgress`; float32 or float16 shards), the network is built and every weight is assigned by name. `source`
 * names the model in errors when the caller knows better than the URL.
 */
export async function loadParser<Config, Network extends { dispose(): void }, Parser>(
  family: ParserFamily<Config, Network, Parser>,
  options: ParserModelOptions<Config>,
  source?: string,
): Promise<Parser> {
  const { model, onProgress, config } = options;
  const loaded = await loadModelArtifacts(model, {
    ...(onProgress ? { onProgress } : {}),
    ...(source != null ? { source } : {}),
    ...(config == null ? { expectMetadataKey: family.metadataKey, checkMetadata: (m: unknown) => family.lipProblem(m) } : {}),
  });
  const { artifacts } = loaded;
  return parserFromWeights(family, config ?? (loaded.metadata as Config), loaded.source, (network) =>
    assignWeightsByName(family.layersModelOf(network), artifacts, loaded.source),
  );
}
