// Test-only: tiny JPPNets saved as web models (model.json + shards), as createJppnetParser loads them.
import * as tf from '@tensorflow/tfjs-core';
import { createJppnet } from '../model/create-jppnet.js';
import type { Jppnet } from '../model/jppnet.js';
import type { JppnetConfig } from '../model/jppnet-config.js';

/** A JPPNet small enough for unit tests (random weights, He-initialised heads so that outputs vary). */
export const TINY_JPPNET_CONFIG: JppnetConfig = { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 2, 1], headInitializer: 'he', seed: 7 };

export function createTinyJppnet(config: JppnetConfig = {}): Jppnet {
  return createJppnet({ ...TINY_JPPNET_CONFIG, ...config });
}

/** What `jppnet.model.save` writes (topology, weights, the JPPNet config in the metadata), in memory. */
export async function webModelArtifacts(jppnet: Jppnet): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await jppnet.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}
