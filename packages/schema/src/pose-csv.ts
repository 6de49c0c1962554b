import { LIP_NUM_JOINTS } from './lip-joints.js';
import type { PoseRecord } from './pose-record.js';

/** A malformed row of a pose CSV; names the file and the 1-based line. */
export class PoseCsvError extends Error {
  override readonly name = 'PoseCsvError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/** The image id of a CSV row's first field: the name without a `.jpg` / `.jpeg` / `.png` extension. */
export function poseImageId(name: string): string {
  return name.trim().replace(/\.(jpe?g|png)$/i, '');
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function parseValue(field: string, file: string, line: number, column: number, joint: number): number {
  const text = field.trim();
  if (/^[-+]?nan$/i.test(text)) return NaN;
  if (!NUMBER.test(text)) {
    throw new PoseCsvError(file, line, `value ${column} (joint ${joint}) is ${JSON.stringify(field)}, expected a number or nan`);
  }
  return Number(text);
}

/**
 * Parses a LIP pose CSV, in file order. Rows are `<image>.jpg,x0,y0,v0,…,x15,y15,v15` (ground truth,
 * `lip_train_set.csv` / `lip_val_set.csv`) or `<image>.jpg,x0,y0,…,x15,y15` (predictions, no visibility),
 * with `nan` for missing values.
 *
 * Ids: a record's `id` is the image name without its extension (`1000_1234574.jpg` → `1000_1234574`), the form
 * of the dataset's id lists; `formatPoseCsv` writes it back with `.jpg`. Blank lines are skipped; a row with the
 * wrong number of values, a value that is not a number or `nan`, an empty name or an id seen twice throws a
 * `PoseCsvError` naming `file` and the line. A joint with one coordinate missing is kept as given.
 */
export function parsePoseCsv(text: string, file = 'pose CSV'): PoseRecord[] {
  const records: PoseRecord[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    if (raw.trim() === '') continue;
    const line = index + 1;
    const fields = raw.split(',');
    const values = fields.length - 1;
    const stride = values === LIP_NUM_JOINTS * 3 ? 3 : values === LIP_NUM_JOINTS * 2 ? 2 : 0;
    if (stride === 0) {
      throw new PoseCsvError(
        file,
        line,
        `expected an image name and ${LIP_NUM_JOINTS * 3} values (x,y,v per joint) or ${LIP_NUM_JOINTS * 2} (x,y per joint), got ${values} values`,
      );
    }
    const id = poseImageId(fields[0]!);
    if (id === '') throw new PoseCsvError(file, line, 'empty image name');
    const previous = seen.get(id);
    if (previous !== undefined) throw new PoseCsvError(file, line, `image ${id} already appears on line ${previous}`);
    seen.set(id, line);
    const x = new Float64Array(LIP_NUM_JOINTS);
    const y = new Float64Array(LIP_NUM_JOINTS);
    const visibility = stride === 3 ? new Float64Array(LIP_NUM_JOINTS) : null;
    for (let k = 0; k < LIP_NUM_JOINTS; k++) {
      const at = 1 + k * stride;
      x[k] = parseValue(fields[at]!, file, line, at, k);
      y[k] = parseValue(fields[at + 1]!, file, line, at + 1, k);
      if (visibility) visibility[k] = parseValue(fields[at + 2]!, file, line, at + 2, k);
    }
    records.push({ id, x, y, visibility });
  }
  return records;
}

const formatValue = (v: number): string => (Number.isNaN(v) ? 'nan' : String(v));

/** One CSV row (no newline): `<id>.jpg`, then x,y per joint, and v per joint when the record has visibility. */
export function formatPoseCsvRow(record: PoseRecord): string {
  const fields = [`${record.id}.jpg`];
  for (let k = 0; k < LIP_NUM_JOINTS; k++) {
    fields.push(formatValue(record.x[k]!), formatValue(record.y[k]!));
    if (record.visibility) fields.push(formatValue(record.visibility[k]!));
  }
  return fields.join(',');
}

/** A whole pose CSV, one row per record and a final newline: what `parsePoseCsv` reads back. */
export function formatPoseCsv(records: Iterable<PoseRecord>): string {
  let text = '';
  for (const record of records) text += `${formatPoseCsvRow(record)}\n`;
  return text;
}
