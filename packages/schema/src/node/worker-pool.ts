import { Worker, type TransferListItem } from 'node:worker_threads';
import type { PoolCloseMessage, PoolJobMessage, PoolReply } from './worker-pool-protocol.js';

let liveWorkers = 0;
let startedWorkers = 0;

/** Worker threads of all `WorkerPool`s in this thread: alive now, and started so far (for leak tests). */
export function workerPoolCounts(): { live: number; started: number } {
  return { live: liveWorkers, started: startedWorkers };
}

export interface WorkerPoolOptions {
  /** Worker threads to start, at least 1. */
  readonly size: number;
  /** The `workerData` of every worker (cloned once per worker). */
  readonly workerData?: unknown;
  /** Names the workers in errors: `<name> worker 0 failed: …`. Default `pool`. */
  readonly name?: string;
  /** How long `close()` lets a worker finish its jobs before terminating it. Default 10 000 ms. */
  readonly closeGraceMs?: number;
}

export interface WorkerPoolRunOptions {
  /** Run on this worker (0 … size − 1), e.g. to collect what a stateful worker accumulated. Default: the one with the fewest unanswered jobs. */
  readonly worker?: number;
  /** What to transfer (rather than copy) to the worker with the job. */
  readonly transfer?: readonly TransferListItem[];
}

interface PendingJob<Result> {
  readonly worker: number;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: Error) => void;
}

/** How long `close()` lets a worker finish its jobs by default. */
const CLOSE_GRACE_MS = 10_000;

/**
 * Worker threads that run jobs, kept for as long as the pool lives (their modules loaded, code compiled, any
 * state they keep). The worker script answers with `serveWorkerJobs`.
 *
 * - `run(job)` sends the job to the worker with the fewest unanswered jobs (or to `worker`) and resolves with its
 *   result. A worker receives its jobs in the order they were run; across workers, jobs finish in any order, so
 *   await the promises in the order you need them.
 * - A job that throws rejects that job alone, with the worker's message (and stack). A worker that crashes (an
 *   uncaught error, an exit) breaks the pool: every unanswered job is rejected with `<name> worker <i> failed: …`,
 *   later runs too (`error`), and the other workers are closed.
 * - A worker is ref'd only while it has unanswered jobs, so an idle pool never keeps the process alive.
 * - `close()` (idempotent; also `await using`) lets every worker answer the jobs it has received, then each exits
 *   by itself; it is terminated only if still busy after `closeGraceMs`, and its unanswered jobs are rejected.
 *   Terminating a thread in the middle of a node:zlib call aborts the whole process ("close before init"), which
 *   is why a busy worker is never terminated at once.
 */
export class WorkerPool<Job, Result> implements AsyncDisposable {
  readonly size: number;
  readonly name: string;
  private readonly graceMs: number;
  private readonly workers: Worker[] = [];
  private readonly exited: Promise<void>[] = [];
  private readonly alive: boolean[];
  private readonly terminated: boolean[];
  /** The error each worker crashed with, if it did. */
  private readonly crashes: (Error | undefined)[];
  /** Jobs sent to each worker and not answered yet. */
  private readonly unanswered: number[];
  private readonly pending = new Map<number, PendingJob<Result>>();
  private nextId = 0;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(script: string | URL, options: WorkerPoolOptions) {
    const { size } = options;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`WorkerPool: size must be a positive integer, got ${size}`);
    this.size = size;
    this.name = options.name ?? 'pool';
    this.graceMs = options.closeGraceMs ?? CLOSE_GRACE_MS;
    this.alive = new Array<boolean>(size).fill(false);
    this.terminated = new Array<boolean>(size).fill(false);
    this.crashes = new Array<Error | undefined>(size).fill(undefined);
    this.unanswered = new Array<number>(size).fill(0);
    try {
      for (let i = 0; i < size; i++) this.start(i, script, options.workerData);
    } catch (error) {
      void this.close();
      throw error;
    }
  }

  private start(i: number, script: string | URL, workerData: unknown): void {
    const worker = new Worker(script, { workerData });
    startedWorkers++;
    liveWorkers++;
    this.alive[i] = true;
    worker.on('message', (reply: PoolReply<Result>) => this.onReply(i, reply));
    worker.on('error', (error) => {
      const crash = new Error(`${this.name} worker ${i} failed: ${error.message}`, { cause: error });
      this.crashes[i] = crash;
      this.fail(crash);
    });
    this.exited.push(
      new Promise((resolve) =>
        worker.once('exit', (code) => {
          liveWorkers--;
          this.alive[i] = false;
          this.onExit(i, code);
          resolve();
        }),
      ),
    );
    this.workers.push(worker);
    // After the listeners: adding a 'message' listener refs the worker again.
    worker.unref();
  }

  /** The error that broke the pool (a worker crashed), if one did. */
  get error(): Error | null {
    return this.failure;
  }

  /** Whether `close()` was called (or a failure closed the pool). */
  get closed(): boolean {
    return this.closing !== null;
  }

  /** Runs `job` on a worker; resolves with what the worker's handler returned. */
  run(job: Job, options: WorkerPoolRunOptions = {}): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error(`${this.name} worker pool: closed`));
    const target = options.worker ?? this.leastBusy();
    if (!Number.isInteger(target) || target < 0 || target >= this.size) {
      return Promise.reject(new RangeError(`${this.name} worker pool: no worker ${target} (size ${this.size})`));
    }
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      try {
        this.workers[target]!.postMessage({ id, job } satisfies PoolJobMessage<Job>, options.transfer as TransferListItem[] | undefined);
      } catch (error) {
        reject(error as Error); // e.g. a job that cannot be cloned
        return;
      }
      this.pending.set(id, { worker: target, resolve, reject });
      if (this.unanswered[target]!++ === 0) this.workers[target]!.ref();
    });
  }

  private leastBusy(): number {
    let target = 0;
    for (let i = 1; i < this.size; i++) if (this.unanswered[i]! < this.unanswered[target]!) target = i;
    return target;
  }

  private onReply(worker: number, reply: PoolReply<Result>): void {
    const job = this.pending.get(reply.id);
    if (!job) return; // rejected already (the pool failed)
    this.pending.delete(reply.id);
    // While closing, a worker stays ref'd: the process waits for it to exit.
    if (--this.unanswered[worker]! === 0 && !this.closing) this.workers[worker]!.unref();
    if ('result' in reply) {
      job.resolve(reply.result);
    } else {
      const error = new Error(reply.error.message);
      if (reply.error.stack) error.stack = reply.error.stack;
      job.reject(error);
    }
  }

  private onExit(worker: number, code: number): void {
    if (!this.closing) this.fail(new Error(`${this.name} worker ${worker} exited unexpectedly (code ${code})`));
    const error =
      this.crashes[worker] ??
      this.failure ??
      new Error(
        this.terminated[worker]
          ? `${this.name} worker ${worker} was terminated, still busy ${this.graceMs} ms after close()`
          : `${this.name} worker ${worker} exited without answering (code ${code})`,
      );
    for (const [id, job] of this.pending) {
      if (job.worker !== worker) continue;
      this.pending.delete(id);
      job.reject(error);
    }
    this.unanswered[worker] = 0;
  }

  private fail(error: Error): void {
    if (this.failure || this.closing) return;
    this.failure = error;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
    void this.close();
  }

  /**
   * Closes the pool (idempotent): no more jobs; each worker answers the jobs it has received, then exits; one still
   * busy after `closeGraceMs` is terminated. Resolves once every worker has exited.
   */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.workers.map((_, i) => this.stop(i))).then(() => undefined);
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async stop(i: number): Promise<void> {
    if (!this.alive[i]) return;
    const worker = this.workers[i]!;
    worker.ref(); // the process waits for the worker to finish its jobs and exit
    worker.postMessage({ close: true } satisfies PoolCloseMessage);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.graceMs);
    });
    if ((await Promise.race([this.exited[i]!, late])) === 'late') {
      this.terminated[i] = true;
      await worker.terminate();
    }
    clearTimeout(timer);
  }
}
