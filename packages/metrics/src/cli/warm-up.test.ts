import { describe, expect, it } from 'vitest';
import { warmUpKernels } from './warm-up.js';

describe('warmUpKernels', () => {
  it('runs for any class count and ignore index the CLI accepts', () => {
    for (const numClasses of [1, 2, 20, 256, 2048]) {
      for (const ignoreIndex of [255, null, -1, 300, 1000]) {
        if (ignoreIndex !== null && ignoreIndex >= 0 && ignoreIndex < numClasses) continue;
        expect(() => warmUpKernels(numClasses, ignoreIndex), `${numClasses} classes, ignore ${ignoreIndex}`).not.toThrow();
      }
    }
  });
});
