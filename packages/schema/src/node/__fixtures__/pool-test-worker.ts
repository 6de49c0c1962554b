// Worker script of worker-pool.test.ts (bundled by the test): one handler per kind of job.
import { threadId, workerData } from 'node:worker_threads';
import { deflateSync, inflateSync } from 'node:zlib';
import { serveWorkerJobs } from '../serve-worker-jobs.js';

export type TestJob =
  | { kind: 'echo'; value: number }
  | { kind: 'sleep'; value: number; ms: number }
  | { kind: 'fail'; value: number }
  | { kind: 'crash' }
  | { kind: 'spin' }
  | { kind: 'zlib'; ms: number }
  | { kind: 'double'; data: Float32Array };

export interface TestResult {
  value?: number;
  threadId: number;
  /** Jobs this worker has run so far (workers keep state across jobs). */
  count: number;
  tag: unknown;
  data?: Float32Array;
}

let count = 0;

function inflateFor(ms: number): void {
  const input = deflateSync(Buffer.alloc(1 << 22, 7));
  const end = Date.now() + ms;
  while (Date.now() < end) inflateSync(input);
}

serveWorkerJobs<TestJob, TestResult>(
  (job) => {
    count++;
    const base = { threadId, count, tag: workerData };
    switch (job.kind) {
      case 'echo':
        return { ...base, value: job.value };
      case 'sleep':
        return new Promise((resolve) => setTimeout(() => resolve({ ...base, value: job.value }), job.ms));
      case 'fail':
        throw new Error(`job ${job.value} failed`);
      case 'crash':
        setTimeout(() => {
          throw new Error('boom');
        });
        return new Promise(() => {});
      case 'spin':
        for (;;);
      case 'zlib':
        inflateFor(job.ms);
        return base;
      case 'double':
        return { ...base, data: job.data.map((v) => 2 * v) };
    }
  },
  { transfer: (result) => (result.data ? [result.data.buffer as ArrayBuffer] : []) },
);
