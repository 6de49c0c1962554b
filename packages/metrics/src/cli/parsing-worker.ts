import { parentPort, workerData } from 'node:worker_threads';
import { LabelPngPairEvaluation } from './label-png-pair-evaluation.js';
import type { FromParsingWorker, ParsingWorkerData, ToParsingWorker } from './parsing-worker-messages.js';

// Worker thread of `lip-metrics parsing`: decodes label PNG pairs and accumulates its own confusion matrix,
// which the main thread merges at the end.
const port = parentPort;
if (!port) throw new Error('parsing-worker must run in a worker thread');
const evaluation = new LabelPngPairEvaluation(workerData as ParsingWorkerData);
const send = (message: FromParsingWorker) => port.postMessage(message);

port.on('message', (message: ToParsingWorker) => {
  try {
    if (message.type === 'finish') {
      send({ type: 'result', matrix: evaluation.matrix.toJSON() });
      return;
    }
    const rows = [];
    for (const pair of message.pairs) {
      const row = evaluation.add(pair);
      if (row) rows.push(row);
    }
    send({ type: 'done', count: message.pairs.length, rows });
  } catch (error) {
    send({ type: 'error', message: (error as Error).message });
  }
});
