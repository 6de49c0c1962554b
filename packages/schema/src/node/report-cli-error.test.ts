import { describe, expect, it } from 'vitest';
import { reportCliError } from './report-cli-error.js';
import { UsageError } from './usage-error.js';

function report(error: unknown, options: { usage: string; stack?: boolean | ((e: unknown) => boolean) }) {
  let text = '';
  const code = reportCliError('tool', error, { ...options, write: (t) => void (text += t) });
  return { code, text };
}

describe('reportCliError', () => {
  it('a usage error: `name: message`, a blank line, the usage; exit code 2', () => {
    expect(report(new UsageError('--out is required'), { usage: 'Usage: tool --out DIR' })).toEqual({ code: 2, text: 'tool: --out is required\n\nUsage: tool --out DIR\n' });
    expect(report(new UsageError('x'), { usage: 'Usage\n\n' }).text).toBe('tool: x\n\nUsage\n');
  });

  it('any other error: its message (or stack when asked); exit code 1', () => {
    const error = new Error('cannot read a.png');
    expect(report(error, { usage: 'U' })).toEqual({ code: 1, text: 'tool: cannot read a.png\n' });
    expect(report(error, { usage: 'U', stack: true }).text).toBe(`tool: ${error.stack}\n`);
    expect(report(error, { usage: 'U', stack: (e) => !(e instanceof RangeError) }).text).toContain('    at ');
    expect(report('plain', { usage: 'U' })).toEqual({ code: 1, text: 'tool: plain\n' });
  });
});
