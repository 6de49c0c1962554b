import * as tf from '@tensorflow/tfjs-core';
import { WeightImportError } from '@lip/runtime';
import { createSsnan, loadSsnanWeights, type SsnanConfig } from '@lip/nan-head';
import { SSNAN_METADATA_KEY } from '@lip/nan-head/internal';
import { SSNAN_MEAN_RGB, SSNAN_TRAIN_SIZE } from '@lip/schema';
import type { WebModelAdapter } from './web-model-adapter.js';

/**
 * SS-NAN (`@lip/nan-head`): the published model by default; weights with `loadSsnanWeights`, requiring every
 * weight (a pretrain file without the NAN head, or a PSPNet-Keras file, would leave random weights in the web model).
 */
export const ssnanAdapter: WebModelAdapter = {
  kind: 'ssnan',
  metadataKey: SSNAN_METADATA_KEY,
  defaultConfigName: 'the published SS-NAN (ResNet-101, attention 512, scales 0.5/0.75/1)',
  build(config) {
    const ssnan = createSsnan((config ?? {}) as SsnanConfig);
    const metadata = ssnan.model.getUserDefinedMetadata() as Record<string, Record<string, unknown>>;
    const side = ssnan.config.imageSize ?? SSNAN_TRAIN_SIZE;
    return {
      model: ssnan.model,
      config: metadata[SSNAN_METADATA_KEY]!,
      testSize: [side, side],
      load(source) {
        const report = loadSsnanWeights(ssnan, source, { allowMissingHead: false });
        if (report.format === 'pspnet') {
          throw new WeightImportError(
            `${source.description} is a PSPNet-Keras file: it holds a trunk but no SS-NAN head (mask_att_conv, mask_att_prob, ` +
              `mask_denseclass_conv, mask_class_conv), so an SS-NAN web model would carry random head weights; convert it with --model pspnet`,
          );
        }
        return report.loaded.length;
      },
      prepare(rgb) {
        return tf.tidy(() => tf.expandDims(tf.sub(rgb, tf.tensor1d([...SSNAN_MEAN_RGB])), 0) as tf.Tensor4D);
      },
      forward(input) {
        // `mask_prob` before its softmax: the NAN classifier over the attention-weighted scale features, at input size.
        return {
          logits: tf.tidy(() => {
            const features = ssnan.config.scales.map((s) => ssnan.scaleFeatures(input, s, false));
            const attention = ssnan.attention(features, false);
            const weighted = ssnan.head.weightedFeatures.apply([...features, attention]) as tf.Tensor4D;
            return ssnan.head.maskLogits.apply([ssnan.head.maskDenseclassConv.apply(weighted) as tf.Tensor4D, input]) as tf.Tensor4D;
          }),
        };
      },
      dispose() {
        ssnan.dispose();
      },
    };
  },
};
