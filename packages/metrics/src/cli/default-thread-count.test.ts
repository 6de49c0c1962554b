import { describe, expect, it } from 'vitest';
import { AUTO_THREADS_MIN_IMAGES, defaultThreadCount } from './default-thread-count.js';

describe('defaultThreadCount (--threads default)', () => {
  it('one evaluating thread (the main thread, then workers) per core not busy, at least 2; the main thread alone on one core or for few images', () => {
    expect(defaultThreadCount(2000, 8, 0.3)).toBe(7);
    expect(defaultThreadCount(2000, 8, 2.6)).toBe(5);
    expect(defaultThreadCount(2000, 8, 30)).toBe(1);
    expect(defaultThreadCount(2000, 2, 0.4)).toBe(1);
    expect(defaultThreadCount(2000, 2, 1.05)).toBe(1); // the lagging load of a run that has just finished
    expect(defaultThreadCount(2000, 2, 7.5)).toBe(1);
    expect(defaultThreadCount(2000, 1, 0)).toBe(0);
    expect(defaultThreadCount(2000, 4, 0)).toBe(3); // Windows reports a load of 0
    expect(defaultThreadCount(AUTO_THREADS_MIN_IMAGES - 1, 8, 0)).toBe(0);
    expect(defaultThreadCount(AUTO_THREADS_MIN_IMAGES, 8, 0)).toBe(7);
  });
});
