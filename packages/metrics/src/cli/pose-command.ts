import { readFileSync } from 'node:fs';
import type { HeadBox, PckhConvention, PckhResult } from '../pckh.js';
import { computePckh } from '../pckh.js';
import { parsePoseCsv, poseImageId } from '@lip/schema';
import { choiceOption, numberOption, parseOptions, requiredOption, UsageError } from '@lip/schema/node';
import type { CliIO } from './cli-io.js';
import { percent } from './parsing-report.js';

export const POSE_USAGE = `lip-metrics pose --pred CSV --gt CSV [options]

  PCKh of predicted LIP keypoints. Both CSVs have rows 'id.jpg,x0,y0[,v0],...,x15,y15[,v15]' with nan for
  missing joints; the ground-truth visibility column is read but not used.

  --convention lip|mpii  lip (default): head size = |head top - upper neck|, images without both excluded;
                         mpii: head size = 0.6 x head-box diagonal (needs --head-boxes)
  --head-boxes CSV      rows 'id,x1,y1,x2,y2' (mpii convention)
  --threshold T         normalised distance threshold (default 0.5)
  --json                print one JSON object (fractions in [0,1], null for NaN)
`;

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
}

export function parseHeadBoxesCsv(text: string, source: string): Map<string, HeadBox> {
  const boxes = new Map<string, HeadBox>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.split(',').map((f) => f.trim());
    const numbers = fields.slice(1).map(Number);
    if (fields.length !== 5 || numbers.some((n) => !Number.isFinite(n))) {
      throw new Error(`${source}:${index + 1}: expected 'id,x1,y1,x2,y2' with numbers, got ${JSON.stringify(line)}`);
    }
    boxes.set(poseImageId(fields[0]!), numbers as unknown as HeadBox);
  });
  return boxes;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function pckhReportJSON(r: PckhResult) {
  return {
    convention: r.convention,
    threshold: r.threshold,
    images: r.images,
    excludedImages: r.excludedImages,
    head: finiteOrNull(r.head),
    shoulder: finiteOrNull(r.shoulder),
    elbow: finiteOrNull(r.elbow),
    wrist: finiteOrNull(r.wrist),
    hip: finiteOrNull(r.hip),
    knee: finiteOrNull(r.knee),
    ankle: finiteOrNull(r.ankle),
    upperBody: finiteOrNull(r.upperBody),
    mean: finiteOrNull(r.mean),
    joints: r.joints.map((j) => ({ id: j.joint, name: j.name, pckh: finiteOrNull(j.pckh), count: j.count })),
  };
}

export function formatPckhReport(r: PckhResult): string {
  const columns: [string, number][] = [
    ['Head', r.head],
    ['Shoulder', r.shoulder],
    ['Elbow', r.elbow],
    ['Wrist', r.wrist],
    ['Hip', r.hip],
    ['Knee', r.knee],
    ['Ankle', r.ankle],
    ['U.Body', r.upperBody],
    ['Mean', r.mean],
  ];
  return (
    [
      `PCKh@${r.threshold} (${r.convention} convention): ${r.images} images, ${r.excludedImages} excluded (no head size)`,
      columns.map(([name]) => name.padStart(8)).join(''),
      columns.map(([, v]) => percent(v).padStart(8)).join(''),
    ].join('\n') + '\n'
  );
}

export function runPoseCommand(argv: string[], io: CliIO): void {
  const { values } = parseOptions(argv, {
    pred: { type: 'string' },
    gt: { type: 'string' },
    convention: { type: 'string' },
    'head-boxes': { type: 'string' },
    threshold: { type: 'string' },
    json: { type: 'boolean' },
  });
  const predFile = requiredOption(values.pred, 'pred');
  const gtFile = requiredOption(values.gt, 'gt');
  const convention = choiceOption<PckhConvention>(values.convention, 'convention', ['lip', 'mpii'], { default: 'lip' });
  const threshold = numberOption(values.threshold, 'threshold', { min: 0, default: 0.5 });
  if (convention === 'mpii' && values['head-boxes'] === undefined) throw new UsageError('--convention mpii needs --head-boxes');
  const gt = parsePoseCsv(readText(gtFile, 'ground-truth CSV'), gtFile);
  const pred = parsePoseCsv(readText(predFile, 'prediction CSV'), predFile);
  const headBoxes = values['head-boxes'] === undefined ? undefined : parseHeadBoxesCsv(readText(values['head-boxes'], 'head-box CSV'), values['head-boxes']);
  const result = computePckh(gt, pred, { convention, threshold, ...(headBoxes ? { headBoxes } : {}) });
  io.stdout(values.json ? JSON.stringify(pckhReportJSON(result)) + '\n' : formatPckhReport(result));
}
