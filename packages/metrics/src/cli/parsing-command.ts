import { writeFileSync } from 'node:fs';
import { ABSENT_CLASS_POLICIES } from '../absent-class-policy.js';
import { LIP_IGNORE_LABEL } from '@lip/schema';
import { choiceOption, integerOption, parseOptions, requiredOption } from '@lip/schema/node';
import type { CliIO } from './cli-io.js';
import { loadClassNames } from './class-names.js';
import { AUTO_THREADS_MIN_IMAGES, defaultThreadCount } from './default-thread-count.js';
import { pairLabelPngs, readIdList } from './label-png-pairs.js';
import type { PerImageRow } from './label-png-pair-evaluation.js';
import { evaluateLabelPngPairs } from './parsing-folder-evaluation.js';
import { formatParsingReport, parsingReportJSON } from './parsing-report.js';
import { ProgressBar } from './progress-bar.js';


export const PARSING_USAGE = `lip-metrics parsing --pred DIR --gt DIR [options]

  Pairs <id>.png label maps (8-bit grayscale or palette, pixel value = class id) in the two folders and
  prints the dataset-level metrics of the official LIP evaluation.

  --pred DIR            predicted label PNGs
  --gt DIR              ground-truth label PNGs
  --list FILE           ids to evaluate, one per line (default: every PNG in --gt)
  --classes lip|FILE    class names: lip (default, 20 classes) or a file with one name per line
  --policy nan-skip|zero  absent-class policy: nan-skip (official LIP, default) or zero (SCHP/HRNet)
  --ignore-index N      ground-truth value to ignore (default 255)
  --drop-out-of-range   drop ground-truth values >= number of classes, as test_human.py does (default: error)
  --json                print one JSON object instead of the table
  --per-image FILE.csv  also write per-image metrics (each image on its own; not the dataset result)
  --save-matrix FILE    write the confusion matrix JSON (combine shards with lip-metrics merge)
  --threads N           worker threads, besides the main thread, which evaluates too; 0 = the main thread
                        alone (default: one thread per idle core, i.e. cores minus the 1-minute load
                        average, counting the main thread, at least 2; 0 on one core or for fewer
                        than ${AUTO_THREADS_MIN_IMAGES} images)
`;

function csvNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : 'nan';
}

export function perImageCsv(rows: readonly PerImageRow[]): string {
  const header = 'id,pixels,pixelAccuracy,meanAccuracy,meanIoU,frequencyWeightedIoU';
  const lines = rows.map((r) =>
    [r.id, r.pixels, csvNumber(r.pixelAccuracy), csvNumber(r.meanAccuracy), csvNumber(r.meanIoU), csvNumber(r.frequencyWeightedIoU)].join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}

export async function runParsingCommand(argv: string[], io: CliIO): Promise<void> {
  const { values } = parseOptions(argv, {
    pred: { type: 'string' },
    gt: { type: 'string' },
    list: { type: 'string' },
    classes: { type: 'string' },
    policy: { type: 'string' },
    'ignore-index': { type: 'string' },
    'drop-out-of-range': { type: 'boolean' },
    json: { type: 'boolean' },
    'per-image': { type: 'string' },
    'save-matrix': { type: 'string' },
    threads: { type: 'string' },
  });
  const predDir = requiredOption(values.pred, 'pred');
  const gtDir = requiredOption(values.gt, 'gt');
  const names = loadClassNames(values.classes);
  const policy = choiceOption(values.policy, 'policy', ABSENT_CLASS_POLICIES, { default: 'nan-skip' });
  const ignoreIndex = integerOption(values['ignore-index'], 'ignore-index', { min: 0, default: LIP_IGNORE_LABEL });
  const ids = values.list === undefined ? undefined : readIdList(values.list);
  const pairs = pairLabelPngs(gtDir, predDir, ids);
  const threads = integerOption(values.threads, 'threads', { min: 0, default: defaultThreadCount(pairs.length) });

  const progress = new ProgressBar(io.stderr, io.stderrIsTTY, 'lip-metrics parsing');
  let result;
  try {
    result = await evaluateLabelPngPairs(pairs, {
      numClasses: names.length,
      ignoreIndex,
      dropOutOfRangeGroundTruth: values['drop-out-of-range'] ?? false,
      absentClassPolicy: policy,
      perImage: values['per-image'] !== undefined,
      threads,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.clear();
  }
  const { matrix, perImage } = result;
  if (values['per-image'] !== undefined) writeFileSync(values['per-image'], perImageCsv(perImage));
  if (values['save-matrix'] !== undefined) writeFileSync(values['save-matrix'], JSON.stringify(matrix.toJSON()) + '\n');
  const metrics = matrix.compute({ absentClassPolicy: policy });
  if (values.json) {
    io.stdout(JSON.stringify(parsingReportJSON(metrics, matrix.images, names)) + '\n');
  } else {
    const extra = [`${matrix.ignoredPixels} ignored`];
    if (matrix.droppedPixels > 0) extra.push(`${matrix.droppedPixels} out-of-range ground-truth pixels dropped`);
    io.stdout(formatParsingReport(metrics, matrix.images, names, extra));
  }
}
