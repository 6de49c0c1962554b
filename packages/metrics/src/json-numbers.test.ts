import { describe, expect, it } from 'vitest';
import { metricsToJSONValue } from './json-numbers.js';

describe('metricsToJSONValue', () => {
  it('replaces NaN and infinities with null, deeply, typed arrays included', () => {
    expect(metricsToJSONValue({ a: NaN, b: [1, Infinity, { c: -Infinity }], d: Float64Array.from([0.5, NaN]), e: 'x', f: null })).toEqual({
      a: null,
      b: [1, null, { c: null }],
      d: [0.5, null],
      e: 'x',
      f: null,
    });
  });
});
