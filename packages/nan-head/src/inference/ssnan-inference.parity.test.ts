import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { onBackend, relativeError, testBackends } from '@lip/runtime/testing';
import { readKerasWeightsFile } from '@lip/runtime/node';
import { createSsnan, loadSsnanWeights } from '../index.js';
import { fixtureImages, fixtureMaskProb, ssnanFixtures, fixtureSsnanConfig } from '../testing/ssnan-fixture.js';

const source = await readKerasWeightsFile(ssnanFixtures.path('ssnan_tiny.h5'));

describe.each(testBackends())('SS-NAN inference against Keras on %s', (backend) => {
  it('reproduces mask_prob of the reference graph with the reference weights (1e-4 relative)', async () => {
    let loaded = 0;
    const [actual] = await onBackend(backend, () => {
      const ssnan = createSsnan(fixtureSsnanConfig());
      const report = loadSsnanWeights(ssnan, source);
      expect(report.format).toBe('ssnan');
      expect(report.missing).toEqual([]);
      expect(report.unexpected).toEqual([]);
      loaded = report.loaded.length;
      const images = fixtureImages();
      const prob = ssnan.predictProbabilities(tf.slice(images, [0, 0, 0, 0], [1, -1, -1, -1]));
      ssnan.dispose();
      return prob;
    });
    expect(loaded).toBe(source.tensors.length);
    const error = relativeError(actual!, fixtureMaskProb());
    console.log(`${backend}: mask_prob relative error ${error.toExponential(2)}`);
    expect(error).toBeLessThan(1e-4);
  });
});
