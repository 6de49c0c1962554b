import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeBackendChoice, useBackend } from '@lip/runtime';
import { openLipDataset } from '@lip/dataset/node';
import { metricsToJSONValue } from '@lip/metrics';
import { evaluateJppnet, type JppnetEvaluation } from '../evaluate-jppnet.js';
import { openParser } from '../model-source.js';
import { choiceOption, integerOption, parseOptions, requiredOption, UsageError } from '@lip/schema/node';
import { backendOf, COMMON_OPTIONS, INFERENCE_OPTIONS, parseOptionsOf } from '../options.js';
import { formatPoseCsv } from '@lip/schema';

export const EVALUATE_POSE_USAGE = `jppnet evaluate-pose (--model DIR | --checkpoint PREFIX) --dataset DIR [options]
  evaluate_pose_JPPNet-s2.py: last-stage heatmaps averaged over test scales 1/0.75/1.25 and the mirrored copy
  (joints permuted), one arg-max per joint. Writes the predictions as a LIP pose CSV (id,x0,y0,…,x15,y15) and
  scores them with @lip/metrics PCKh@0.5 (LIP convention: head size = |head − neck| of the ground truth).
  --split S          default val          --evalnum N   first N images (default all)
  --output DIR       where pose_pred.csv and pckh.json go (default .)
  --size N           network side at scale 1 (default: the model's, 384 for JPPNet-s2)   --scales a,b,c (default 1,0.75,1.25)   --no-flip
  --config FILE      JPPNet config (JSON) for --checkpoint      --backend B   auto | tensorflow | wasm | cpu
`;

export async function evaluatePoseCommand(args: string[], log: (line: string) => void): Promise<void> {
  const { values } = parseOptions(args, { ...COMMON_OPTIONS, ...INFERENCE_OPTIONS, dataset: { type: 'string' }, split: { type: 'string' }, evalnum: { type: 'string' }, output: { type: 'string' } });
  if (values.help) return log(EVALUATE_POSE_USAGE);
  const datasetDir = requiredOption(values.dataset, 'dataset');
  log(describeBackendChoice(await useBackend(backendOf(values.backend))));
  const split = choiceOption(values.split, 'split', ['train', 'val'], { default: 'val' });
  const dataset = await openLipDataset(datasetDir, { split });
  if (!dataset.hasPose) throw new UsageError(`${datasetDir}: the ${split} split has no pose CSV to evaluate against`);
  const ids = dataset.ids.slice(0, integerOption(values.evalnum, 'evalnum', { min: 1 }));
  const options = parseOptionsOf(values);
  const parser = await openParser(values, log);
  const output = values.output ?? '.';
  mkdirSync(output, { recursive: true });
  let evaluation: JppnetEvaluation;
  try {
    evaluation = await evaluateJppnet(parser, dataset, ids, options, { log });
  } finally {
    parser.dispose();
  }
  const csvPath = join(output, 'pose_pred.csv');
  writeFileSync(csvPath, formatPoseCsv(evaluation.predictions));
  const pckh = evaluation.pckh!;
  const pct = (v: number) => (100 * v).toFixed(1);
  log(`PCKh@0.5 (LIP, ${pckh.images} images, ${pckh.excludedImages} without head size): head ${pct(pckh.head)} shoulder ${pct(pckh.shoulder)} elbow ${pct(pckh.elbow)} wrist ${pct(pckh.wrist)} hip ${pct(pckh.hip)} knee ${pct(pckh.knee)} ankle ${pct(pckh.ankle)} upper body ${pct(pckh.upperBody)} mean ${pct(pckh.mean)}`);
  writeFileSync(join(output, 'pckh.json'), JSON.stringify(metricsToJSONValue(pckh), null, 2));
  log(`predictions: ${csvPath}`);
}
