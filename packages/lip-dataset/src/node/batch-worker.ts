// Worker-thread entry of the batch iterator (a WorkerPool job loop): opens the dataset once, then runs
// the batch jobs it is sent one after another (the next job's first samples are decoded while the
// current one is augmented), transferring the batch arrays back.
import { workerData } from 'node:worker_threads';
import { serveWorkerJobs } from '@lip/schema/node';
import { runBatchJob, type BatchJob, type BatchJobResult } from './batch-job.js';
import type { WorkerInit } from './batch-worker-protocol.js';
import { openLipDataset } from './open-lip-dataset.js';

const init = workerData as WorkerInit;
// The main thread already validated the ids; the worker reads and reports errors per sample.
const ready = openLipDataset(init.root, { split: init.split, layout: init.layout, skipInvalid: true, onInvalid: () => {}, syncReads: true });
let previous: Promise<unknown> = Promise.resolve();

serveWorkerJobs<BatchJob, BatchJobResult>(
  (job) => {
    const after = previous;
    const run = ready.then((dataset) => runBatchJob(dataset, init.pipeline, init.options, job, after));
    previous = run;
    return run;
  },
  { transfer: (result) => Object.values(result.arrays).map((a) => a.buffer as ArrayBuffer) },
);
