import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatDuration, type StepProgress } from './progress-reporter.js';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { write: (s: string) => chunks.push(s), isTTY, columns: 120 }, chunks };
}

const step = (over: Partial<StepProgress>): StepProgress => ({
  epoch: 0, epochs: 2, stepInEpoch: 1, stepsInEpoch: 4, step: 1, loss: 0.69314, lr: 0.002, images: 8, seconds: 0.5, remainingSteps: 7, ...over,
});

describe('createProgressReporter', () => {
  it('prints one line per `every` steps (and the epoch\'s last) when not on a TTY, with loss, lr, images/s and ETA', () => {
    const { stream, chunks } = capture(false);
    const r = createProgressReporter({ stream, every: 2 });
    r.step(step({ step: 1, stepInEpoch: 1, remainingSteps: 7 }));
    r.step(step({ step: 2, stepInEpoch: 2, remainingSteps: 6, seconds: 0.5 }));
    r.step(step({ step: 3, stepInEpoch: 3, remainingSteps: 5 }));
    r.step(step({ step: 4, stepInEpoch: 4, remainingSteps: 4 }));
    r.epochEnd({ epoch: 0, epochs: 2, steps: 4, meanLoss: 0.7, seconds: 2 });
    expect(chunks).toEqual([
      'epoch 1/2 step 2/4 loss 0.6931 lr 2.00e-3 16.0 img/s ETA 0:03\n',
      'epoch 1/2 step 4/4 loss 0.6931 lr 2.00e-3 16.0 img/s ETA 0:02\n',
      'epoch 1/2 done: 4 steps, mean loss 0.7000, 0:02\n',
    ]);
  });

  it('redraws a bar in place on a TTY and clears it before messages', () => {
    const { stream, chunks } = capture(true);
    const r = createProgressReporter({ stream, redrawMs: 0 });
    r.step(step({ stepInEpoch: 2, step: 2 }));
    r.message('checkpoint: step 2 → /tmp/x');
    r.step(step({ stepInEpoch: 4, step: 4, remainingSteps: null }));
    r.close();
    expect(chunks[0]).toMatch(/^\r\x1b\[Kepoch 1\/2 \[=+>\s+\] 2\/4 loss 0\.6931 lr 2\.00e-3 16\.0 img\/s ETA 0:04$/);
    expect(chunks[1]).toBe('\r\x1b[K');
    expect(chunks[2]).toBe('checkpoint: step 2 → /tmp/x\n');
    expect(chunks[3]).toMatch(/\[=+\] 4\/4 loss/);
    expect(chunks[3]).not.toMatch(/ETA/);
    expect(chunks.at(-1)).toBe('\r\x1b[K');
  });

  it('formats durations', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});
