import { describe, expect, it } from 'vitest';
import { AUTO_THREADS_MIN_IMAGES, defaultThreadCount } from './default-thread-count.js';

describe('defaultThreadCount (--threads default)', () => {
  it('one worker per idle core; the main thread alone below 2 idle cores or for few images', () => {
    expect(defaultThreadCount(2000, 8, 0.3)).toBe(8);
    expect(defaultThreadCount(2000, 8, 2.6)).toBe(5);
    expect(defaultThreadCount(2000, 2, 0.4)).toBe(2);
    expect(defaultThreadCount(2000, 2, 0.6)).toBe(0); // one idle core: a worker would only add its start-up
    expect(defaultThreadCount(2000, 2, 7.5)).toBe(0);
    expect(defaultThreadCount(2000, 4, 0)).toBe(4); // Windows reports a load of 0
    expect(defaultThreadCount(AUTO_THREADS_MIN_IMAGES - 1, 8, 0)).toBe(0);
    expect(defaultThreadCount(AUTO_THREADS_MIN_IMAGES, 8, 0)).toBe(8);
  });
});
