import { workerData } from 'node:worker_threads';
import { serveWorkerJobs } from '@lip/schema/node';
import { LabelPngPairEvaluation } from './label-png-pair-evaluation.js';
import type { FromParsingWorker, ParsingWorkerData, ToParsingWorker } from './parsing-worker-messages.js';

// Worker thread of `lip-metrics parsing` (a WorkerPool job loop): decodes label PNG pairs and accumulates its own
// confusion matrix, which the main thread collects with a 'finish' job and merges.
const evaluation = new LabelPngPairEvaluation(workerData as ParsingWorkerData);

serveWorkerJobs<ToParsingWorker, FromParsingWorker>((message) => {
  if (message.type === 'finish') return { type: 'result', matrix: evaluation.matrix.toJSON() };
  const rows = [];
  for (const pair of message.pairs) {
    const row = evaluation.add(pair);
    if (row) rows.push(row);
  }
  return { type: 'done', count: message.pairs.length, rows };
});
