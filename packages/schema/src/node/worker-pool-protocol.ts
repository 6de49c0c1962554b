// The messages between a `WorkerPool` and `serveWorkerJobs` in its worker threads (internal to the two).

/** Pool -> worker: run `job`, answer with the same `id`. */
export interface PoolJobMessage<Job> {
  readonly id: number;
  readonly job: Job;
}

/**
 * Pool -> worker, sent by `close()`: answer the jobs already received, then close the port, so that the thread
 * exits by itself. Terminating a thread instead can interrupt node:zlib mid-call, which aborts the whole process
 * ("close before init").
 */
export interface PoolCloseMessage {
  readonly close: true;
}

/** Worker -> pool: the result of job `id`, or the error it threw. */
export type PoolReply<Result> =
  | { readonly id: number; readonly result: Result }
  | { readonly id: number; readonly error: { readonly message: string; readonly stack?: string } };
