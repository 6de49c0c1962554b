import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { PoolCloseMessage, PoolJobMessage, PoolReply } from './worker-pool-protocol.js';

export interface ServeWorkerJobsOptions<Result> {
  /** What to transfer (rather than copy) with a result, e.g. the buffers of its typed arrays. */
  readonly transfer?: (result: Result) => readonly TransferListItem[];
}

/**
 * The worker-thread side of a `WorkerPool`: runs `handler` on each job the pool sends and answers with its result,
 * or with the error it threw (which rejects that job alone). A job is handed over as soon as it arrives, so an async
 * handler may overlap jobs; a synchronous one runs them one after another, in the order they were sent. When the
 * pool closes, the jobs under way are answered first, then the port closes and the thread exits by itself.
 * State kept by the worker script (a decoder, an accumulator) lives as long as the pool.
 */
export function serveWorkerJobs<Job, Result>(
  handler: (job: Job) => Result | Promise<Result>,
  options: ServeWorkerJobsOptions<Result> = {},
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerJobs: not running in a worker thread');
  let running = 0;
  let closing = false;
  const reply = (message: PoolReply<Result>, transfer?: readonly TransferListItem[]) => {
    try {
      port.postMessage(message, transfer as TransferListItem[] | undefined);
    } catch (error) {
      // A result that cannot be cloned: the job fails, the worker goes on.
      port.postMessage({ id: message.id, error: { message: `cannot send the result of the job: ${(error as Error).message}` } } satisfies PoolReply<Result>);
    }
  };
  const succeed = (id: number, result: Result) => reply({ id, result }, options.transfer?.(result));
  const fail = (id: number, error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    reply({ id, error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } });
  };
  const settled = () => {
    if (--running === 0 && closing) port.close();
  };
  port.on('message', (message: PoolJobMessage<Job> | PoolCloseMessage) => {
    if ('close' in message) {
      closing = true;
      if (running === 0) port.close();
      return;
    }
    const { id, job } = message;
    running++;
    let outcome: Result | Promise<Result>;
    try {
      outcome = handler(job);
    } catch (error) {
      fail(id, error);
      settled();
      return;
    }
    if (isPromiseLike(outcome)) {
      Promise.resolve(outcome).then(
        (result) => succeed(id, result),
        (error: unknown) => fail(id, error),
      ).finally(settled);
    } else {
      succeed(id, outcome);
      settled();
    }
  });
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
