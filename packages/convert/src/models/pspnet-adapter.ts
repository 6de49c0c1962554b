import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { WeightSource } from '@lip/runtime';
import { createPspnet, loadPspnetWeights, type PspnetConfig } from '@lip/pspnet';
import { PSPNET_METADATA_KEY } from '@lip/pspnet/internal';
import { SSNAN_MEAN_RGB } from '@lip/schema';
import { ConvertError } from '../convert-error.js';
import type { WebModelAdapter } from './web-model-adapter.js';

/** The class count of a PSPNet-Keras file: the output channels of its `conv6` kernel. */
function classesInFile(weights: WeightSource): number | null {
  const kernel = weights.tensors.find((t) => t.layer.slice(t.layer.lastIndexOf('/') + 1) === 'conv6' && t.role === 'kernel');
  return kernel?.shape.length === 4 ? kernel.shape[3]! : null;
}

/**
 * PSPNet (`@lip/pspnet`, PSPNet-Keras' `build_pspnet`): the config defaults to `createPspnet`'s (ResNet-101 at 473²)
 * with the class count of the file's `conv6`; weights with `loadPspnetWeights` (strict).
 */
export const pspnetAdapter: WebModelAdapter = {
  kind: 'pspnet',
  metadataKey: PSPNET_METADATA_KEY,
  defaultConfigName: "PSPNet-Keras' ResNet-101 at 473²",
  build(config, weights) {
    let resolved = (config ?? {}) as Partial<PspnetConfig>;
    if (resolved.numClasses == null) {
      const numClasses = classesInFile(weights);
      if (numClasses == null) {
        throw new ConvertError(`${weights.description} has no conv6 kernel to take PSPNet's class count from; give a config with numClasses (--config FILE)`);
      }
      resolved = { ...resolved, numClasses };
    }
    const pspnet = createPspnet(resolved as PspnetConfig);
    const metadata = pspnet.model.getUserDefinedMetadata() as Record<string, Record<string, unknown>>;
    // conv6_interp is the logits at the input size, before the softmax (`output: 'probabilities'`) or as the output.
    const logitsModel = tfl.model({ inputs: pspnet.model.inputs, outputs: pspnet.model.getLayer('conv6_interp').output as tfl.SymbolicTensor });
    const mean = resolved.preprocessing?.mean ?? SSNAN_MEAN_RGB;
    const bgr = resolved.preprocessing?.channelOrder === 'bgr';
    return {
      model: pspnet.model,
      config: metadata[PSPNET_METADATA_KEY]!,
      testSize: pspnet.inputSize,
      load(source) {
        return loadPspnetWeights(pspnet, source).loaded.length;
      },
      prepare(rgb) {
        return tf.tidy(() => {
          const x = tf.sub(rgb, tf.tensor1d([...mean]));
          return tf.expandDims(bgr ? tf.reverse(x, -1) : x, 0) as tf.Tensor4D;
        });
      },
      forward(input) {
        return { logits: tf.tidy(() => logitsModel.predict(input) as tf.Tensor4D) };
      },
      dispose() {
        pspnet.dispose();
      },
    };
  },
};
