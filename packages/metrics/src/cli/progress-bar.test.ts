import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar.js';

describe('ProgressBar', () => {
  it('draws nothing when stderr is not a terminal', () => {
    let out = '';
    const bar = new ProgressBar((t) => void (out += t), false, 'x');
    bar.update(5, 10);
    bar.clear();
    expect(out).toBe('');
  });

  it('draws a carriage-return bar on a terminal and erases it', () => {
    let out = '';
    const bar = new ProgressBar((t) => void (out += t), true, 'eval', 10);
    bar.update(10, 10);
    expect(out).toBe('\reval [##########] 10/10 (100%)');
    bar.clear();
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });
});
