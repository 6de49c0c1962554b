// Child process of train-resume.test.ts: trains the tiny segmenter with file checkpoints, printing
// `checkpoint <step>` and `step <n> <loss>` lines, and writes the final weights as JSON when done.
import { writeFileSync } from 'node:fs';
import '../../training.js';
import { useBackend, type BackendName } from '../../backend/use-backend.js';
import { fileCheckpointStore } from '../file-checkpoint-store.js';
import { KerasSGD } from '../keras-sgd.js';
import { polyDecay } from '../learning-rate-schedule.js';
import { train } from '../train.js';
import { batchFactory, segmentationLoss, tinySegmenter } from './tiny-segmenter.js';

const [backend, dir, out, mode] = process.argv.slice(2);
if (backend == null || dir == null || out == null) throw new Error('usage: train.child.mjs <backend> <checkpoint dir> <out.json> [resume|pause]');
// 'pause': wait a moment after each checkpoint, so the parent's SIGKILL lands before the next step.
const pause = mode === 'pause' ? 400 : 0;
await useBackend(backend as BackendName);
const model = tinySegmenter();
const optimizer = new KerasSGD({
  learningRate: polyDecay({ base: 0.05, total: 2, per: 'epoch' }),
  momentum: 0.9,
  clipNorm: 5,
  l2: 1e-4,
  learningRateMultipliers: [['class_conv/kernel', 10], ['class_conv/bias', 20]],
});
const history = await train({
  model,
  optimizer,
  data: batchFactory(4),
  epochs: 2,
  seed: 42,
  loss: segmentationLoss,
  checkpoint: { store: fileCheckpointStore(dir, { keep: 2 }), everySteps: 3 },
  resume: mode === 'resume',
  log: false,
  onStep: (r) => { process.stdout.write(`step ${r.step} ${r.loss}\n`); },
  onCheckpoint: async ({ step }) => {
    process.stdout.write(`checkpoint ${step}\n`);
    if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  },
});
writeFileSync(out, JSON.stringify({ startStep: history.startStep, weights: model.weights.map((w) => ({ name: w.originalName, values: Array.from(w.read().dataSync()) })) }));
process.stdout.write('done\n');
