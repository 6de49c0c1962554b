import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { onBackend, testBackends } from '@lip/runtime/testing';
import { readKerasWeightsFile } from '@lip/runtime/node';
import { selectTrainableLayers } from '@lip/runtime/training';
import { createSsnan, loadSsnanWeights } from '../index.js';
import { createSsnanOptimizer, SSNAN_LAYER_SETS, SSNAN_TRAIN_MODES, ssnanForward, ssnanLoss, ssnanPixelAccuracyOf } from '../training.js';
import { fixtureImages, fixtureLabels, ssnanFixtures, fixtureSsnanConfig, ssnanFixture } from '../testing/ssnan-fixture.js';

const source = await readKerasWeightsFile(ssnanFixtures.path('ssnan_tiny.h5'));
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.each(testBackends())('SS-NAN training losses against Keras on %s', (backend) => {
  it('every sub-mode: att_mask_loss and pixelacc on the fixture weights (inference-mode forward)', async () => {
    const values = await onBackend(backend, () => {
      const ssnan = createSsnan(fixtureSsnanConfig());
      loadSsnanWeights(ssnan, source);
      const images = fixtureImages();
      const labels = fixtureLabels();
      const results = SSNAN_TRAIN_MODES.map((mode) => {
        const scale = ssnanFixture.losses[mode].scale;
        const outputs = ssnanForward(ssnan, images, { mode, training: false, ...(scale === undefined ? {} : { pretrainScale: scale }) });
        return tf.stack([ssnanLoss(mode, outputs, labels), ssnanPixelAccuracyOf(outputs, labels)]);
      });
      ssnan.dispose();
      return results;
    });
    SSNAN_TRAIN_MODES.forEach((mode, i) => {
      const expected = ssnanFixture.losses[mode];
      expect(relative(values[i]![0]!, expected.attMaskLoss), `${mode} att_mask_loss`).toBeLessThan(1e-4);
      expect(relative(values[i]![1]!, expected.pixelAcc), `${mode} pixelacc`).toBeLessThan(1e-5);
    });
  });

  it('finetune with BN on batch statistics (training forward, dropout 0)', async () => {
    const [values] = await onBackend(backend, () => {
      const ssnan = createSsnan({ ...fixtureSsnanConfig(), dropoutRate: 0 });
      loadSsnanWeights(ssnan, source);
      const outputs = ssnanForward(ssnan, fixtureImages(), { mode: 'finetune', training: true });
      const loss = ssnanLoss('finetune', outputs, fixtureLabels());
      ssnan.dispose();
      return loss;
    });
    expect(relative(values![0]!, ssnanFixture.losses.finetune_training_bn.attMaskLoss)).toBeLessThan(1e-4);
  });
});

describe('the L2 term', () => {
  it('is 1e-4 · Σ w² over the trained weights of the finetune graph, as Keras adds it', async () => {
    const [all, head] = await onBackend('cpu', () => {
      const ssnan = createSsnan(fixtureSsnanConfig());
      loadSsnanWeights(ssnan, source);
      const optimizer = createSsnanOptimizer({ epochs: 30 });
      optimizer.nameVariables(ssnan.model);
      // The finetune graph has no mask_class_conv: leave it out as the reference's model does.
      const inGraph = (re: RegExp) => selectTrainableLayers(ssnan.model, re).variables.filter((v) => !v.name.includes('mask_class_conv'));
      const result = [optimizer.l2Loss(inGraph(SSNAN_LAYER_SETS.all)), optimizer.l2Loss(inGraph(SSNAN_LAYER_SETS.head))];
      optimizer.dispose();
      ssnan.dispose();
      return result;
    });
    expect(relative(all![0]!, 1e-4 * ssnanFixture.l2SumOfSquares.all_finetune)).toBeLessThan(1e-5);
    expect(relative(head![0]!, 1e-4 * ssnanFixture.l2SumOfSquares.head_finetune)).toBeLessThan(1e-5);
  });
});
