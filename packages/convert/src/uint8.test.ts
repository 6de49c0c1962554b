import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { encodeUint8, quantizeWeightsToUint8, uint8Range } from './uint8.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('uint8Range', () => {
  it('spans the tensor and 0, with 0 exactly on a level', () => {
    for (const values of [Float32Array.from([-0.3, 0.1, 0.7]), Float32Array.from([0.2, 0.9]), Float32Array.from([-5, -1]), Float32Array.from([-1e-7, 3e-3])]) {
      const { min, scale } = uint8Range(values);
      const zero = -min / scale;
      expect(Math.abs(zero - Math.round(zero)), `${values}`).toBeLessThan(1e-4);
      expect(Math.fround(Math.round(zero) * scale + min)).toBe(0);
      for (const v of values) expect(v).toBeGreaterThanOrEqual(min - scale / 2);
      for (const v of values) expect(v).toBeLessThanOrEqual(min + 255 * scale + scale / 2);
    }
    expect(uint8Range(new Float32Array(4))).toEqual({ min: 0, scale: 1 });
  });
});

describe('quantizeWeightsToUint8', () => {
  it('agrees with tfjs-core: io.decodeWeights reads every value back within half a level, zeros exactly', () => {
    const kernel = Float32Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? 0 : Math.sin(i * 12.9898) * 0.05 + 0.01));
    const specs: tf.io.WeightsManifestEntry[] = [
      { name: 'conv/kernel', shape: [5000], dtype: 'float32' },
      { name: 'steps', shape: [3], dtype: 'int32' },
      { name: 'bn/moving_variance', shape: [3], dtype: 'float32' },
      { name: 'unused/bias', shape: [2], dtype: 'float32' },
    ];
    const variance = Float32Array.from([0.5, 2, 1e5]);
    const data = new Uint8Array(5000 * 4 + 12 + 12 + 8);
    data.set(new Uint8Array(kernel.buffer), 0);
    data.set(new Uint8Array(Int32Array.from([1, 2, 3]).buffer), 20000);
    data.set(new Uint8Array(variance.buffer), 20012);
    const q = quantizeWeightsToUint8(specs, data.buffer);
    expect(q.data.byteLength).toBe(5000 + 12 + 3 + 2);
    expect(q.specs[1]).toEqual(specs[1]);
    const kq = q.specs[0]!.quantization as { dtype: string; min: number; scale: number; original_dtype: string };
    expect(kq).toMatchObject({ dtype: 'uint8', original_dtype: 'float32' });
    expect(q.specs[3]!.quantization).toMatchObject({ dtype: 'uint8', min: 0, scale: 1 });

    const decoded = tf.io.decodeWeights(q.data, q.specs);
    const k = decoded['conv/kernel']!.dataSync();
    expect(decoded['conv/kernel']!.dtype).toBe('float32');
    for (let i = 0; i < kernel.length; i++) {
      if (kernel[i] === 0) expect(k[i], `zero at ${i}`).toBe(0);
      else expect(Math.abs(k[i]! - kernel[i]!), `${i}`).toBeLessThanOrEqual(kq.scale / 2 + 1e-9);
    }
    expect(Array.from(decoded['steps']!.dataSync())).toEqual([1, 2, 3]);
    const v = decoded['bn/moving_variance']!.dataSync();
    expect(v[2]).toBeCloseTo(1e5, -1); // the largest value is the top level
    expect(Array.from(decoded['unused/bias']!.dataSync())).toEqual([0, 0]);
    tf.dispose(Object.values(decoded));
  });

  it('clamps to the levels and names the tensor it cannot store', () => {
    expect(Array.from(encodeUint8(Float32Array.from([-10, 0, 10]), { min: -1, scale: 2 / 255 }))).toEqual([0, 128, 255]);
    const nan = new Uint8Array(new Float32Array([1, NaN]).buffer);
    expect(() => quantizeWeightsToUint8([{ name: 'a/kernel', shape: [2], dtype: 'float32' }], nan.buffer)).toThrow(/'a\/kernel' holds NaN or ±Infinity/);
    expect(() => quantizeWeightsToUint8([{ name: 'a/kernel', shape: [4], dtype: 'float32' }], new ArrayBuffer(8))).toThrow(/quantizeWeightsToUint8: the weight data ends inside 'a\/kernel'/);
    expect(() => quantizeWeightsToUint8([{ name: 'a/kernel', shape: [1], dtype: 'float32', quantization: { dtype: 'float16' } }], new ArrayBuffer(4))).toThrow(/already quantized \(float16\)/);
  });
});
