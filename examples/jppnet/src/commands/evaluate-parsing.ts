import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeBackendChoice, useBackend } from '@lip/runtime';
import { encodeRgbPng, openLipDataset } from '@lip/dataset/node';
import { colorizeLabelMap } from '@lip/image';
import { metricsToJSONValue, type ParsingMetrics } from '@lip/metrics';
import { evaluateJppnet } from '../evaluate-jppnet.js';
import { openParser } from '../model-source.js';
import { choiceOption, integerOption, parseOptions, requiredOption, UsageError } from '@lip/schema/node';
import { backendOf, COMMON_OPTIONS, INFERENCE_OPTIONS, parseOptionsOf } from '../options.js';
import { LIP_CLASS_NAMES } from '@lip/schema';
import { encodeLabelPng } from '@lip/schema/node';

export const EVALUATE_PARSING_USAGE = `jppnet evaluate-parsing (--model DIR | --checkpoint PREFIX) --dataset DIR [options]
  evaluate_parsing_JPPNet-s2.py: each image at its own size, test scales 1/0.75/1.25 of --size and the mirrored
  copy, logits averaged over scales, stages and the flip; LIP metrics (pixel accuracy, mean accuracy, mIoU) from
  the confusion matrix of @lip/metrics.
  --split S          default val          --evalnum N   first N images (default all)
  --output DIR       write <id>.png (labels) and <id>_vis.png (palette) and metrics.json
  --size N           network side at scale 1 (default: the model's, 384 for JPPNet-s2)   --scales a,b,c (default 1,0.75,1.25)   --no-flip
  --config FILE      JPPNet config (JSON) for --checkpoint, or for a model directory without one
  --backend B        auto | tensorflow | wasm | cpu
`;

export async function evaluateParsingCommand(args: string[], log: (line: string) => void): Promise<void> {
  const { values } = parseOptions(args, { ...COMMON_OPTIONS, ...INFERENCE_OPTIONS, dataset: { type: 'string' }, split: { type: 'string' }, evalnum: { type: 'string' }, output: { type: 'string' } });
  if (values.help) return log(EVALUATE_PARSING_USAGE);
  const datasetDir = requiredOption(values.dataset, 'dataset');
  log(describeBackendChoice(await useBackend(backendOf(values.backend))));
  const split = choiceOption(values.split, 'split', ['train', 'val'], { default: 'val' });
  const dataset = await openLipDataset(datasetDir, { split });
  if (!dataset.hasLabels) throw new UsageError(`${datasetDir}: the ${split} split has no labels to evaluate against`);
  const ids = dataset.ids.slice(0, integerOption(values.evalnum, 'evalnum', { min: 1 }));
  const options = parseOptionsOf(values);
  const parser = await openParser(values, log);
  if (values.output) mkdirSync(values.output, { recursive: true });
  const output = values.output;
  let metrics: ParsingMetrics;
  try {
    const evaluation = await evaluateJppnet(parser, dataset, ids, options, {
      log,
      onImage: output
        ? async (id, { segmentation: { labels } }) => {
            writeFileSync(join(output, `${id}.png`), encodeLabelPng(labels));
            writeFileSync(join(output, `${id}_vis.png`), await encodeRgbPng(colorizeLabelMap(labels), { palette: true }));
          }
        : undefined,
    });
    metrics = evaluation.parsing!;
  } finally {
    parser.dispose();
  }
  log(`pixel accuracy ${(100 * metrics.pixelAccuracy).toFixed(2)}  mean accuracy ${(100 * metrics.meanAccuracy).toFixed(2)}  mIoU ${(100 * metrics.meanIoU).toFixed(2)}  (${ids.length} images)`);
  for (const c of metrics.classes) log(`  ${String(c.id).padStart(2)} ${(LIP_CLASS_NAMES[c.id] ?? '').padEnd(14)} IoU ${Number.isNaN(c.iou) ? '  n/a' : (100 * c.iou).toFixed(2)}`);
  if (values.output) writeFileSync(join(values.output, 'metrics.json'), JSON.stringify(metricsToJSONValue({ images: ids.length, ...metrics }), null, 2));
}
