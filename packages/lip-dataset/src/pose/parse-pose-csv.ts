import { LIP_NUM_JOINTS, createMissingJoints, type LipJoints } from '../schema/lip-joints.js';
import { PoseCsvError } from './pose-csv-error.js';

/** One row of a LIP pose CSV. */
export interface PoseAnnotation {
  /** Image id, without the `.jpg` extension (`1000_1234574`). */
  readonly id: string;
  readonly joints: LipJoints;
}

const FIELDS_PER_ROW = 1 + LIP_NUM_JOINTS * 3;

function parseValue(text: string, file: string, line: number, column: number): number {
  const t = text.trim();
  if (/^nan$/i.test(t)) return NaN;
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    throw new PoseCsvError(file, line, `field ${column + 1} is "${text}", expected a number or nan`);
  }
  return Number(t);
}

/**
 * Parses a LIP pose CSV (`lip_train_set.csv` / `lip_val_set.csv`): rows of
 * `ImageID_PersonId.jpg,x1,y1,v1,…,x16,y16,v16`, with `nan` for missing values. Blank lines are
 * skipped; a malformed row, or an id seen twice, throws a `PoseCsvError` naming the file and line.
 * A joint with only one coordinate missing is kept as is (`create_heatmaps.py` reads the missing one as 0).
 */
export function parsePoseCsv(text: string, file = '<pose csv>'): Map<string, PoseAnnotation> {
  const out = new Map<string, PoseAnnotation>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const lineNo = i + 1;
    const fields = raw.split(',');
    if (fields.length !== FIELDS_PER_ROW) {
      throw new PoseCsvError(file, lineNo, `has ${fields.length} fields, expected ${FIELDS_PER_ROW} (name + 16 × x,y,v)`);
    }
    const name = fields[0]!.trim();
    const id = name.replace(/\.(jpe?g|png)$/i, '');
    if (id === '') throw new PoseCsvError(file, lineNo, 'empty image name');
    if (out.has(id)) throw new PoseCsvError(file, lineNo, `duplicate image id "${id}"`);
    const joints = createMissingJoints();
    for (let k = 0; k < LIP_NUM_JOINTS; k++) {
      const x = parseValue(fields[1 + k * 3]!, file, lineNo, 1 + k * 3);
      const y = parseValue(fields[2 + k * 3]!, file, lineNo, 2 + k * 3);
      const v = parseValue(fields[3 + k * 3]!, file, lineNo, 3 + k * 3);
      joints.x[k] = x;
      joints.y[k] = y;
      joints.flag[k] = v;
    }
    out.set(id, { id, joints });
  }
  return out;
}
