// Worker-thread entry of the batch iterator: opens the dataset once, then decodes and augments
// the samples it is sent, transferring the result buffers back.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerJob, WorkerReply } from './batch-worker-protocol.js';
import { LipDatasetError } from './lip-dataset-error.js';
import { openLipDataset } from './open-lip-dataset.js';
import { processSample } from './sample-pipeline.js';

const init = workerData as WorkerInit;
const port = parentPort!;
// The main thread already validated the ids; the worker reads and reports errors per sample.
const ready = openLipDataset(init.root, { split: init.split, layout: init.layout, skipInvalid: true, onInvalid: () => {} });

port.on('message', (job: WorkerJob) => {
  ready
    .then((dataset) => processSample(dataset, job.id, init.pipeline, job.seed, init.options))
    .then(
      (sample) => {
        const reply: WorkerReply = { job: job.job, sample };
        port.postMessage(reply, Object.values(sample.arrays).map((a) => a.buffer as ArrayBuffer));
      },
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        const reply: WorkerReply = {
          job: job.job,
          error: {
            message: e.message,
            file: error instanceof LipDatasetError ? error.file : null,
            id: error instanceof LipDatasetError ? error.id : null,
            reason: error instanceof LipDatasetError ? error.reason : null,
          },
        };
        port.postMessage(reply);
      },
    );
});
