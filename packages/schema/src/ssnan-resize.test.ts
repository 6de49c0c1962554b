import { describe, expect, it } from 'vitest';
import { computeSsnanResize, roundHalfEven } from './ssnan-resize.js';

describe('SS-NAN resize geometry', () => {
  it('roundHalfEven is Python 3 round', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6, 212.5, 213.49, -0.5, 3.7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3, 212, 213, 0, 4]);
  });

  it('caps the long side, upscales small images, pads centred', () => {
    expect(computeSsnanResize(640, 480)).toEqual({ scale: 1, resizedWidth: 640, resizedHeight: 480, size: 640, window: [80, 0, 560, 640] });
    expect(computeSsnanResize(500, 1000)).toMatchObject({ scale: 0.64, resizedWidth: 320, resizedHeight: 640, window: [0, 160, 640, 480] });
    expect(computeSsnanResize(100, 50)).toMatchObject({ scale: 2.4, resizedWidth: 240, resizedHeight: 120 });
    expect(computeSsnanResize(400, 100, 128, 320)).toMatchObject({ scale: 0.8, resizedWidth: 320, resizedHeight: 80, window: [120, 0, 200, 320] });
  });

  it('names a bad size', () => {
    expect(() => computeSsnanResize(0, 10)).toThrow(/width must be a positive integer, got 0/);
  });
});
