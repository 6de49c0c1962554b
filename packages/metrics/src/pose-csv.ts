import { LIP_NUM_JOINTS } from './lip-joints.js';

/** One row of a LIP pose CSV: coordinates in pixels of the original image, NaN for a missing joint. */
export interface PoseAnnotation {
  /** The first field as written, e.g. `1000_1234574.jpg`. */
  id: string;
  /** Per joint, in the LIP (MPII) joint order; NaN when missing. */
  x: Float64Array;
  y: Float64Array;
  /** The third value per joint when the row has one (its meaning is ambiguous in LIP; PCKh ignores it), else null. */
  visibility: Float64Array | null;
  /** 1-based line number in the source file. */
  line: number;
}

export interface ParsePoseCsvOptions {
  /** File name used in error messages. */
  source?: string;
  /** Joints per row; default 16 (LIP). */
  numJoints?: number;
}

/** Key used to match ground-truth and prediction rows: the id without an image extension. */
export function poseImageKey(id: string): string {
  return id.replace(/\.(jpe?g|png)$/i, '');
}

/**
 * Parses a LIP pose CSV: `imageId,x0,y0,v0,…,x15,y15,v15` (ground truth) or `imageId,x0,y0,…,x15,y15`
 * (predictions, no visibility column), with `nan` for missing joints. Blank lines are skipped; any other
 * malformed row is an error that names the file and the line.
 */
export function parsePoseCsv(text: string, options: ParsePoseCsvOptions = {}): PoseAnnotation[] {
  const numJoints = options.numJoints ?? LIP_NUM_JOINTS;
  const source = options.source ?? 'pose CSV';
  const rows: PoseAnnotation[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    if (raw.trim() === '') continue;
    const line = index + 1;
    const where = `${source}:${line}`;
    const fields = raw.split(',');
    const values = fields.length - 1;
    const withVisibility = values === numJoints * 3;
    if (!withVisibility && values !== numJoints * 2) {
      throw new Error(
        `${where}: expected an image id and ${numJoints * 3} values (x,y,v per joint) or ${numJoints * 2} values (x,y per joint), got ${values} values`,
      );
    }
    const id = fields[0]!.trim();
    if (id === '') throw new Error(`${where}: empty image id`);
    const previous = seen.get(poseImageKey(id));
    if (previous !== undefined) throw new Error(`${where}: image ${id} already appears on line ${previous}`);
    seen.set(poseImageKey(id), line);
    const stride = withVisibility ? 3 : 2;
    const x = new Float64Array(numJoints);
    const y = new Float64Array(numJoints);
    const visibility = withVisibility ? new Float64Array(numJoints) : null;
    for (let j = 0; j < numJoints; j++) {
      for (let k = 0; k < stride; k++) {
        const field = fields[1 + j * stride + k]!;
        const value = parseNumberOrNan(field);
        if (value === undefined) {
          throw new Error(`${where}: value ${1 + j * stride + k} (joint ${j}) is ${JSON.stringify(field)}, expected a number or nan`);
        }
        if (k === 0) x[j] = value;
        else if (k === 1) y[j] = value;
        else visibility![j] = value;
      }
    }
    rows.push({ id, x, y, visibility, line });
  }
  return rows;
}

const NUMBER_PATTERN = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A number, NaN for `nan` (any case), or undefined when the field is neither. */
function parseNumberOrNan(field: string): number | undefined {
  const text = field.trim();
  if (/^[-+]?nan$/i.test(text)) return Number.NaN;
  if (!NUMBER_PATTERN.test(text)) return undefined;
  return Number(text);
}
