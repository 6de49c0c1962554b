import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { relativeError, testBackends, decodeFloat32, fixtureTensor, type EncodedArray } from '@lip/runtime/testing';
import { BilinearResize } from './bilinear-resize.js';
import { pspnetFixtures } from '../testing/fixture-case.js';

interface InterpFixture {
  cases: Array<{ size: [number, number]; input: EncodedArray; output: EncodedArray }>;
}
const fixture = pspnetFixtures.json<InterpFixture>('interp.json');

describe.each(testBackends())('BilinearResize(alignCorners) on %s', (backend) => {
  it.each(fixture.cases.map((c) => ({ ...c, title: `${c.input.shape.slice(1, 3).join('×')} → ${c.size.join('×')}` })))(
    'equals TF1 resize_bilinear(align_corners=True) (PSPNet Interp): $title',
    async (c) => {
      await useBackend(backend);
      const layer = new BilinearResize({ size: c.size, alignCorners: true });
      const y = tf.tidy(() => layer.apply(fixtureTensor(c.input)) as tf.Tensor);
      expect(y.shape).toEqual(c.output.shape);
      expect(relativeError(y.dataSync(), decodeFloat32(c.output))).toBeLessThanOrEqual(1e-6);
      y.dispose();
    },
  );
});
