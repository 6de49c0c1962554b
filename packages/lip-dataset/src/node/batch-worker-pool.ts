import { Worker } from 'node:worker_threads';
import type { BatchJob, BatchJobResult } from './batch-job.js';
import type { WorkerClose, WorkerInit, WorkerReply } from './batch-worker-protocol.js';

let liveWorkers = 0;
let startedWorkers = 0;

/** Worker threads of batch pools alive in this process, and started so far (for leak tests). */
export function batchWorkerCounts(): { live: number; started: number } {
  return { live: liveWorkers, started: startedWorkers };
}

interface PendingJob {
  readonly worker: number;
  readonly resolve: (result: BatchJobResult) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Worker threads that run batch jobs, kept for as long as the pool lives (decoders loaded, code
 * JIT-compiled). Jobs go to the least-loaded worker. A worker is `ref`'d only while it has jobs,
 * so an idle pool never keeps the process alive. If a worker dies, every pending job is rejected
 * and the whole pool is terminated; `close()` terminates it too.
 */
export class BatchWorkerPool {
  private readonly workers: Worker[];
  private readonly exited: Array<Promise<void>>;
  private readonly load: number[];
  private readonly pending = new Map<number, PendingJob>();
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(count: number, script: string | URL, init: WorkerInit) {
    this.workers = [];
    this.exited = [];
    this.load = new Array<number>(count).fill(0);
    for (let i = 0; i < count; i++) {
      const worker = new Worker(script, { workerData: init });
      startedWorkers++;
      liveWorkers++;
      let exited = false;
      worker.unref();
      worker.on('message', (reply: WorkerReply) => this.onReply(i, reply));
      worker.on('error', (error) => this.fail(new Error(`batch worker ${i} failed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!exited) liveWorkers--;
        exited = true;
        if (!this.closing) this.fail(new Error(`batch worker ${i} exited unexpectedly (code ${code})`));
      });
      this.exited.push(new Promise((resolve) => worker.once('exit', () => resolve())));
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The error that broke the pool, if one did. */
  get error(): Error | null {
    return this.failure;
  }

  run(job: BatchJob): Promise<BatchJobResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('batch worker pool: closed'));
    let target = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[target]!) target = i;
    if (this.load[target]!++ === 0) this.workers[target]!.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(job.job, { worker: target, resolve, reject });
      this.workers[target]!.postMessage(job);
    });
  }

  private onReply(worker: number, reply: WorkerReply): void {
    const p = this.pending.get(reply.job);
    if (!p) return;
    this.pending.delete(reply.job);
    if (--this.load[worker]! === 0) this.workers[worker]!.unref();
    if ('result' in reply) p.resolve(reply.result);
    else p.reject(Object.assign(new Error(reply.error.message), reply.error.stack ? { stack: reply.error.stack } : {}));
  }

  private fail(error: Error): void {
    if (this.failure || this.closing) return;
    this.failure = error;
    this.rejectAll(error);
    void this.close();
  }

  private rejectAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  /**
   * Stops every worker (idempotent); pending jobs are rejected at once. Each worker is asked to exit after the job
   * it is running (see `WorkerClose`) and terminated only if it has not within `CLOSE_GRACE_MS`.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.rejectAll(this.failure ?? new Error('batch worker pool: closed'));
      await Promise.all(this.workers.map((worker, i) => this.stop(worker, this.exited[i]!)));
    })();
    return this.closing;
  }

  private async stop(worker: Worker, exited: Promise<void>): Promise<void> {
    worker.ref(); // the process waits for the worker to finish its job and exit
    worker.postMessage({ close: true } satisfies WorkerClose);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
    });
    if ((await Promise.race([exited, late])) === 'late') await worker.terminate();
    clearTimeout(timer);
  }
}

/** How long `close()` lets a worker finish its job before terminating it. */
const CLOSE_GRACE_MS = 10_000;
