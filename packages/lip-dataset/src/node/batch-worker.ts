// Worker-thread entry of the batch iterator: opens the dataset once, then runs the batch jobs it is
// sent one after another (the next job's first samples are decoded while the current one is
// augmented), transferring the batch arrays back.
import { parentPort, workerData } from 'node:worker_threads';
import { runBatchJob, type BatchJob } from './batch-job.js';
import type { WorkerClose, WorkerInit, WorkerReply } from './batch-worker-protocol.js';
import { openLipDataset } from './open-lip-dataset.js';

const init = workerData as WorkerInit;
const port = parentPort!;
// The main thread already validated the ids; the worker reads and reports errors per sample.
const ready = openLipDataset(init.root, { split: init.split, layout: init.layout, skipInvalid: true, onInvalid: () => {}, syncReads: true });
let previous: Promise<unknown> = Promise.resolve();

port.on('message', (message: BatchJob | WorkerClose) => {
  if ('close' in message) {
    port.close(); // the worker exits when the jobs under way have replied
    return;
  }
  const job = message;
  const after = previous;
  const run = ready.then((dataset) => runBatchJob(dataset, init.pipeline, init.options, job, after));
  previous = run;
  run.then(
    (result) => {
      const reply: WorkerReply = { job: job.job, result };
      port.postMessage(reply, Object.values(result.arrays).map((a) => a.buffer as ArrayBuffer));
    },
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      const reply: WorkerReply = { job: job.job, error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
      port.postMessage(reply);
    },
  );
});
