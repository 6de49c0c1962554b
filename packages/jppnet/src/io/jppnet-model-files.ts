import { assignWeightsByName } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { createJppnet, JPPNET_METADATA_KEY } from '../model/create-jppnet.js';
import type { Jppnet } from '../model/jppnet.js';
import type { JppnetConfig } from '../model/jppnet-config.js';

/**
 * Saves `jppnet.model` in the tfjs layers format (`model.json` + weight shards) into a directory, written
 * atomically; the JPPNet config travels in the model's metadata, so `loadJppnet(dir)` rebuilds it.
 */
export async function saveJppnet(jppnet: Jppnet, directory: string): Promise<void> {
  await jppnet.model.save(nodeFileSystem(directory));
}

export interface LoadJppnetOptions {
  /** The config to build, when the directory's model.json has none (a `train()` checkpoint step directory). */
  config?: JppnetConfig;
}

/**
 * Rebuilds a JPPNet from a tfjs model directory written by `saveJppnet` or by `train()`'s file checkpoints
 * (`<run>/step-…/`): the network is built from the config and every weight is assigned by name
 * (`assignWeightsByName`). A missing or mismatched weight is an error naming it and the directory. To parse
 * images, `createJppnetParser({ model: directory })` gives the parser directly.
 */
export async function loadJppnet(directory: string, options: LoadJppnetOptions = {}): Promise<Jppnet> {
  const artifacts = await nodeFileSystem(directory).load();
  const saved = (artifacts.userDefinedMetadata as Record<string, unknown> | undefined)?.[JPPNET_METADATA_KEY] as JppnetConfig | undefined;
  const config = options.config ?? saved;
  if (config == null) throw new Error(`@lip/jppnet: loadJppnet: ${directory}/model.json has no '${JPPNET_METADATA_KEY}' config in its metadata; pass options.config`);
  if (artifacts.weightSpecs == null || artifacts.weightData == null) throw new Error(`@lip/jppnet: loadJppnet: ${directory} has no weights`);
  const jppnet = createJppnet(config);
  try {
    assignWeightsByName(jppnet.model, artifacts, directory);
  } catch (error) {
    jppnet.dispose();
    throw new Error(`@lip/jppnet: loadJppnet: ${directory} does not match the JPPNet of its config: ${(error as Error).message}`, { cause: error });
  }
  return jppnet;
}
