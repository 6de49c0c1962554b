/** A training step as the progress display sees it. */
export interface StepProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Steps done in this epoch, this one included. */
  readonly stepInEpoch: number;
  /** Steps in the epoch when known. */
  readonly stepsInEpoch: number | null;
  /** Steps done in all, this one included. */
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  /** Images in this step (leading dimension of the first input). */
  readonly images: number;
  /** Wall time of this step. */
  readonly seconds: number;
  /** Steps left in the run, when known. */
  readonly remainingSteps: number | null;
}

export interface EpochProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly steps: number;
  readonly meanLoss: number;
  readonly seconds: number;
}

/** Receives training progress; `train({log})` takes one, or options for the built-in display. */
export interface ProgressReporter {
  step(progress: StepProgress): void;
  epochEnd(progress: EpochProgress): void;
  /** A one-off line (checkpoint saved, resumed from …). */
  message(text: string): void;
  close(): void;
}

/** Where the built-in display writes: a Node stream or anything alike. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressOptions {
  /** Default: `process.stderr` in Node, else lines through `console.log`. */
  readonly stream?: ProgressStream;
  /** A redrawn progress bar (default when the stream is a TTY) or one line per `every` steps. */
  readonly bar?: boolean;
  /** Steps between lines when not drawing a bar. Default 50. */
  readonly every?: number;
  /** Smallest interval between bar redraws, ms. Default 100. */
  readonly redrawMs?: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

function formatLoss(x: number): string {
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4);
}

function defaultStream(): ProgressStream {
  const proc = (globalThis as { process?: { stderr?: ProgressStream } }).process;
  if (proc?.stderr != null && typeof proc.stderr.write === 'function') return proc.stderr;
  // Browsers: one console line per message, no bar.
  return { write: (text: string) => { const line = text.replace(/\n$/, ''); if (line) console.log(line); }, isTTY: false };
}

/**
 * The built-in progress display. On a TTY it redraws one bar line per epoch:
 * `epoch 2/30 [=====>      ] 120/500 loss 0.6931 lr 1.87e-3 12.5 img/s ETA 1:02:03`; elsewhere it prints
 * that line (without the bar) every `every` steps. Speeds and ETA use a moving average of step times.
 */
export function createProgressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? defaultStream();
  const bar = options.bar ?? stream.isTTY === true;
  const every = Math.max(1, Math.floor(options.every ?? 50));
  const redrawMs = options.redrawMs ?? 100;
  let secondsPerStep: number | null = null;
  let imagesPerSecond: number | null = null;
  let lastDraw = -Infinity;
  let barShown = false;

  const describe = (p: StepProgress, withBar: boolean): string => {
    const parts = [`epoch ${p.epoch + 1}/${p.epochs}`];
    const of = p.stepsInEpoch != null ? `${p.stepInEpoch}/${p.stepsInEpoch}` : `${p.stepInEpoch}`;
    if (withBar && p.stepsInEpoch != null) {
      const width = Math.max(10, Math.min(30, (stream.columns ?? 100) - 80));
      const filled = Math.min(width, Math.floor((p.stepInEpoch / p.stepsInEpoch) * width));
      parts.push(`[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? (filled === width ? '=' : '>') : ''}${' '.repeat(width - filled)}] ${of}`);
    } else parts.push(`step ${of}`);
    parts.push(`loss ${formatLoss(p.loss)}`, `lr ${p.lr.toExponential(2)}`);
    if (imagesPerSecond != null) parts.push(`${imagesPerSecond.toFixed(imagesPerSecond < 10 ? 2 : 1)} img/s`);
    if (p.remainingSteps != null && secondsPerStep != null) parts.push(`ETA ${formatDuration(p.remainingSteps * secondsPerStep)}`);
    return parts.join(' ');
  };

  const clearBar = (): void => {
    if (barShown) stream.write('\r\x1b[K');
    barShown = false;
  };

  return {
    step(p) {
      // Exponential moving averages: responsive, yet a single slow step (a checkpoint) does not swing the ETA.
      const alpha = secondsPerStep == null ? 1 : 0.1;
      secondsPerStep = secondsPerStep == null ? p.seconds : secondsPerStep + alpha * (p.seconds - secondsPerStep);
      const ips = p.seconds > 0 ? p.images / p.seconds : 0;
      imagesPerSecond = imagesPerSecond == null ? ips : imagesPerSecond + alpha * (ips - imagesPerSecond);
      if (bar) {
        const now = Date.now();
        const last = p.stepsInEpoch != null && p.stepInEpoch >= p.stepsInEpoch;
        if (!last && now - lastDraw < redrawMs) return;
        lastDraw = now;
        stream.write(`\r\x1b[K${describe(p, true)}`);
        barShown = true;
      } else if (p.step % every === 0 || (p.stepsInEpoch != null && p.stepInEpoch === p.stepsInEpoch)) {
        stream.write(`${describe(p, false)}\n`);
      }
    },
    epochEnd(p) {
      clearBar();
      stream.write(`epoch ${p.epoch + 1}/${p.epochs} done: ${p.steps} steps, mean loss ${formatLoss(p.meanLoss)}, ${formatDuration(p.seconds)}\n`);
    },
    message(text) {
      clearBar();
      stream.write(`${text}\n`);
    },
    close() {
      clearBar();
    },
  };
}
