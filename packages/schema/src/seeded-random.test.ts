import { describe, expect, it } from 'vitest';
import { SeededRandom, deriveSeed, hashString } from './seeded-random.js';

describe('SeededRandom', () => {
  it('is reproducible and seed-dependent', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const seq = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seq);
    expect(new SeededRandom(8).nextUint32()).not.toBe(seq[0]);
  });

  it('draws in range with the right mean', () => {
    const r = new SeededRandom(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const v = r.next();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1.5);
    expect(() => r.int(0)).toThrow(/positive integer/);
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('deriveSeed', () => {
  it('depends on every part and its order, and on high words', () => {
    const seeds = new Set([deriveSeed(1), deriveSeed(1, 0), deriveSeed(1, 1), deriveSeed(1, 0, 1), deriveSeed(1, 1, 0), deriveSeed(2, 1)]);
    expect(seeds.size).toBe(6);
    expect(deriveSeed(5, 3)).not.toBe(deriveSeed(5, 3 + 2 ** 32));
    expect(deriveSeed(5, 3)).toBe(deriveSeed(5, 3));
  });

  it('hashString is FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
