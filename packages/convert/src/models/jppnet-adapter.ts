import * as tf from '@tensorflow/tfjs-core';
import { createJppnet, loadJppnetWeights, type JppnetConfig } from '@lip/jppnet';
import { JPPNET_METADATA_KEY, toBgrMinusMean } from '@lip/jppnet/internal';
import type { WebModelAdapter } from './web-model-adapter.js';

/** JPPNet (`@lip/jppnet`): JPPNet-s2 by default; weights by TF variable name (`loadJppnetWeights`, strict). */
export const jppnetAdapter: WebModelAdapter = {
  kind: 'jppnet',
  metadataKey: JPPNET_METADATA_KEY,
  defaultConfigName: 'JPPNet-s2',
  build(config) {
    const jppnet = createJppnet((config ?? {}) as JppnetConfig);
    const metadata = jppnet.model.getUserDefinedMetadata() as Record<string, Record<string, unknown>>;
    return {
      model: jppnet.model,
      config: metadata[JPPNET_METADATA_KEY]!,
      testSize: [jppnet.config.inputSize, jppnet.config.inputSize],
      load(source) {
        return loadJppnetWeights(jppnet, source).loaded.length;
      },
      prepare(rgb) {
        return tf.tidy(() => tf.expandDims(toBgrMinusMean(rgb), 0) as tf.Tensor4D);
      },
      forward(input) {
        const { parsing, pose } = jppnet.predictStages(input);
        const last = parsing.length - 1;
        tf.dispose([...parsing.slice(0, last), ...pose.slice(0, last)]);
        return { logits: parsing[last]!, pose: pose[last]! };
      },
      dispose() {
        jppnet.dispose();
      },
    };
  },
};
