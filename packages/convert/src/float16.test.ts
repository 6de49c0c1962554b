import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { encodeFloat16, FLOAT16_MAX, quantizeWeightsToFloat16, roundToFloat16 } from './float16.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Every half bit pattern widened exactly (sign, subnormals, infinities; NaN as NaN). */
function halfValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return sign * f * 2 ** -24;
  if (e === 0x1f) return f === 0 ? sign * Infinity : NaN;
  return sign * (1 + f / 1024) * 2 ** (e - 15);
}

describe('encodeFloat16', () => {
  it('encodes every half value to its own bits (NaN to a NaN)', () => {
    const values = Float32Array.from({ length: 65536 }, (_, bits) => halfValue(bits));
    const encoded = encodeFloat16(values);
    for (let bits = 0; bits < 65536; bits++) {
      if (Number.isNaN(values[bits])) expect((encoded[bits]! & 0x7c00) === 0x7c00 && (encoded[bits]! & 0x3ff) !== 0).toBe(true);
      else if (encoded[bits] !== bits) expect.fail(`half ${bits.toString(16)} (${values[bits]}) encoded as ${encoded[bits]!.toString(16)}`);
    }
  });

  it('rounds to nearest, ties to even, in the normal and subnormal ranges, and overflows to infinity', () => {
    const ulp1 = 2 ** -10; // spacing of halves in [1, 2)
    const cases: [number, number][] = [
      [1 + ulp1 / 2, 1], // tie → even (1)
      [1 + (3 * ulp1) / 2, 1 + 2 * ulp1], // tie → even (1 + 2 ulp)
      [1 + ulp1 / 2 + 2 ** -20, 1 + ulp1], // just above the tie
      [2 ** -24 / 2, 0], // tie at the smallest subnormal → 0 (even)
      [(3 * 2 ** -24) / 2, 2 * 2 ** -24], // subnormal tie → even
      [2 ** -24 * 0.75, 2 ** -24],
      [2 ** -26, 0],
      [65519.99, 65504], // below the rounding boundary of the largest half
      [65520, Infinity], // the boundary ties to even: infinity
      [-1e6, -Infinity],
      [2 ** -14 - 2 ** -25, 2 ** -14], // the largest subnormal rounds up into the normals
    ];
    for (const [x, expected] of cases) expect(roundToFloat16(x), `${x}`).toBe(expected);
    expect(Object.is(roundToFloat16(-0), -0)).toBe(true);
    expect(FLOAT16_MAX).toBe(halfValue(0x7bff));
  });

  it('agrees with tfjs-core: io.decodeWeights de-quantizes the quantized manifest to the rounded values', () => {
    const random = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 13) - 8));
    const specs: tf.io.WeightsManifestEntry[] = [
      { name: 'conv/kernel', shape: [5000], dtype: 'float32' },
      { name: 'steps', shape: [3], dtype: 'int32' },
      { name: 'bn/moving_variance', shape: [2], dtype: 'float32' },
    ];
    const big = Float32Array.from([1, 1e5]);
    const data = new Uint8Array(5000 * 4 + 3 * 4 + 2 * 4);
    data.set(new Uint8Array(random.buffer), 0);
    data.set(new Uint8Array(Int32Array.from([1, 2, 3]).buffer), 20000);
    data.set(new Uint8Array(big.buffer), 20012);
    const q = quantizeWeightsToFloat16(specs, data.buffer);
    expect(q.specs[0]).toEqual({ ...specs[0], quantization: { dtype: 'float16', original_dtype: 'float32' } });
    expect(q.specs[1]).toEqual(specs[1]);
    expect(q.specs[2]).toEqual(specs[2]); // 1e5 is beyond the half range: kept as float32
    expect(q.keptFloat32).toEqual(['bn/moving_variance']);
    expect(q.data.byteLength).toBe(5000 * 2 + 12 + 8);
    const decoded = tf.io.decodeWeights(q.data, q.specs);
    expect(Array.from(decoded['conv/kernel']!.dataSync())).toEqual(Array.from(random, (v) => Math.fround(roundToFloat16(v))));
    expect(Array.from(decoded['steps']!.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(decoded['bn/moving_variance']!.dataSync())).toEqual([1, 1e5]);
    tf.dispose(Object.values(decoded));
  });

  it('names the tensor when the data does not fit the manifest', () => {
    expect(() => quantizeWeightsToFloat16([{ name: 'a/kernel', shape: [4], dtype: 'float32' }], new ArrayBuffer(8))).toThrow(/ends inside 'a\/kernel'/);
    expect(() => quantizeWeightsToFloat16([{ name: 'a/kernel', shape: [1], dtype: 'float32' }], new ArrayBuffer(8))).toThrow(/need 4 bytes but the weight data holds 8/);
  });
});
