import * as tf from '@tensorflow/tfjs-core';
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
 * (`<run>/step-…/`): the network is built from the config and every weight is assigned by name. A missing
 * or mismatched weight is an error naming it and the directory.
 */
export async function loadJppnet(directory: string, options: LoadJppnetOptions = {}): Promise<Jppnet> {
  const artifacts = await nodeFileSystem(directory).load();
  const saved = (artifacts.userDefinedMetadata as Record<string, unknown> | undefined)?.[JPPNET_METADATA_KEY] as JppnetConfig | undefined;
  const config = options.config ?? saved;
  if (config == null) throw new Error(`@lip/jppnet: loadJppnet: ${directory}/model.json has no '${JPPNET_METADATA_KEY}' config in its metadata; pass options.config`);
  if (artifacts.weightSpecs == null || artifacts.weightData == null) throw new Error(`@lip/jppnet: loadJppnet: ${directory} has no weights`);
  const jppnet = createJppnet(config);
  const tensors = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    const problems: string[] = [];
    const weights = jppnet.model.weights;
    for (const w of weights) {
      const t = tensors[w.originalName];
      if (t == null) problems.push(`missing ${w.originalName}`);
      else if (!tf.util.arraysEqual(t.shape, w.shape as number[])) problems.push(`${w.originalName}: model [${w.shape}], file [${t.shape}]`);
    }
    const unexpected = Object.keys(tensors).filter((name) => !weights.some((w) => w.originalName === name));
    if (unexpected.length > 0) problems.push(`unexpected ${unexpected.slice(0, 10).join(', ')}`);
    if (problems.length > 0) {
      jppnet.dispose();
      throw new Error(`@lip/jppnet: loadJppnet: ${directory} does not match the JPPNet of its config: ${problems.slice(0, 10).join('; ')}`);
    }
    for (const w of weights) w.write(tensors[w.originalName]!);
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return jppnet;
}
