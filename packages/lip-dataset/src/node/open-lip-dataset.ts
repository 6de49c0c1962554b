import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createJointHeatmaps } from '../heatmaps/create-joint-heatmaps.js';
import { decodeLabelPng, decodeRgbImage } from './decode-images.js';
import { detectLipLayout, type LipLayout, type LipLayoutKind, type LipSplit, type LipSplitPaths } from './detect-lip-layout.js';
import { LipDatasetError } from './lip-dataset-error.js';
import { parsePoseCsv, type PoseRecord, type LabelMap, type RgbImage, isValidLipLabelValue, LIP_NUM_JOINTS, mirrorLabelMap } from '@lip/schema';

export interface OpenLipDatasetOptions {
  /** Default 'train'. */
  readonly split?: LipSplit;
  /** Force a layout instead of detecting it. */
  readonly layout?: LipLayoutKind;
  /**
   * Drop invalid ids (bad names, missing files) at open time, and let iterators skip samples that
   * fail to read, instead of throwing. Every skip is reported through `onInvalid` and counted.
   */
  readonly skipInvalid?: boolean;
  /** Called for each skipped id. Default: `console.warn` of the error message. */
  readonly onInvalid?: (error: LipDatasetError) => void;
  /**
   * Read image and label files with blocking I/O (one system call each instead of four thread-pool
   * round trips). Faster for LIP's small files; the batch iterator's worker threads use it. Default false.
   */
  readonly syncReads?: boolean;
}

/** One decoded sample. */
export interface LipSample {
  readonly id: string;
  readonly image: RgbImage;
  /** Null for an unlabelled split. */
  readonly label: LabelMap | null;
  /** Null when the split has no pose CSV or the CSV has no row for this id. */
  readonly joints: PoseRecord | null;
}

/** An opened split of a LIP dataset. */
export interface LipDataset {
  readonly root: string;
  readonly layout: LipLayout;
  readonly split: LipSplit;
  readonly paths: LipSplitPaths;
  /** Ids in list order (the id file's order, or sorted file names). */
  readonly ids: readonly string[];
  readonly hasLabels: boolean;
  readonly hasPose: boolean;
  readonly skipInvalid: boolean;
  /** Errors of the ids skipped so far (open time and reads through iterators). */
  readonly invalid: LipDatasetError[];
  /** Reports an error: throws it, or with `skipInvalid` logs and records it. */
  reportInvalid(error: LipDatasetError): void;
  imagePath(id: string): string;
  labelPath(id: string): string | null;
  /** Decodes and validates one sample. Throws `LipDatasetError` naming the file and id. */
  read(id: string): Promise<LipSample>;
  /** JPPNet `labels_rev` label: from `labels_rev/` when present, else mirrored and swapped on the fly. */
  readLabelRev(id: string, label?: LabelMap): Promise<LabelMap>;
  /**
   * The 16 JPPNet heatmaps `[h, w, 16]` uint8 at the image size: read from `heatmap/<id>_<k>.png`
   * when present, else generated from the pose CSV exactly as `create_heatmaps.py`; null without pose.
   */
  readHeatmaps(id: string, width: number, height: number): Promise<Uint8Array | null>;
}

/** Checks an id read from a list: it must be a plain file stem, never a path. */
export function validateLipId(id: string, listFile: string): void {
  if (id.length === 0) throw new LipDatasetError(listFile, id, 'empty id');
  if (/[/\\\0]/.test(id) || id.includes('..')) {
    throw new LipDatasetError(listFile, id, 'id contains a path separator or ".." (ids must be plain file names)');
  }
}

async function listIds(paths: LipSplitPaths): Promise<{ ids: string[]; source: string }> {
  if (paths.idList) {
    let text: string;
    try {
      text = await readFile(paths.idList, 'utf8');
    } catch (error) {
      throw new LipDatasetError(paths.idList, null, `cannot read id list: ${(error as Error).message}`);
    }
    const ids = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    return { ids, source: paths.idList };
  }
  const names = await readdir(paths.imagesDir);
  return {
    ids: names.filter((n) => n.toLowerCase().endsWith('.jpg')).map((n) => n.slice(0, -4)).sort(),
    source: paths.imagesDir,
  };
}

async function fileSet(dir: string): Promise<Set<string>> {
  try {
    return new Set(await readdir(dir));
  } catch (error) {
    throw new LipDatasetError(dir, null, `cannot list directory: ${(error as Error).message}`);
  }
}

async function readBytes(file: string, id: string, what: string, sync = false): Promise<Buffer> {
  try {
    return sync ? readFileSync(file) : await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LipDatasetError(file, id, code === 'ENOENT' ? `${what} file is missing` : `cannot read ${what}: ${(error as Error).message}`);
  }
}

const VALID_LABEL_VALUE = Uint8Array.from({ length: 256 }, (_, v) => (isValidLipLabelValue(v) ? 1 : 0));
const ONES = 0x01010101;
const HIGH_BITS = 0x80808080;

/**
 * True when some byte of the word exceeds 19 (class ids are 0–19; 255 is then checked byte by
 * byte): per byte, `b + (127 − 19)` sets the high bit exactly when b > 19, for b < 128; ORing the
 * byte itself covers b ≥ 128. No carry crosses bytes since each sum stays below 256.
 */
function hasByteAbove19(word: number): boolean {
  return ((((word & 0x7f7f7f7f) + ONES * (127 - 19)) | word) & HIGH_BITS) !== 0;
}

/** Throws unless every value is a class id 0–19 or 255. */
export function validateLabelValues(label: LabelMap, file: string, id: string): void {
  const d = label.data;
  const fail = (i: number): never => {
    const x = i % label.width;
    const y = Math.floor(i / label.width);
    throw new LipDatasetError(file, id, `label value ${d[i]} at (x=${x}, y=${y}) is outside 0–19 and 255`);
  };
  // Four bytes at a time over the 4-byte-aligned middle; words with a byte above 19 (rare: 255 or
  // an invalid value) are checked byte by byte.
  const head = Math.min(d.length, (4 - (d.byteOffset & 3)) & 3);
  const words = (d.length - head) >> 2;
  for (let i = 0; i < head; i++) if (VALID_LABEL_VALUE[d[i]!] === 0) fail(i);
  const w32 = new Uint32Array(d.buffer, d.byteOffset + head, words);
  for (let k = 0; k < words; k++) {
    if (hasByteAbove19(w32[k]!)) {
      const i = head + 4 * k;
      for (let b = i; b < i + 4; b++) if (VALID_LABEL_VALUE[d[b]!] === 0) fail(b);
    }
  }
  for (let i = head + 4 * words; i < d.length; i++) if (VALID_LABEL_VALUE[d[i]!] === 0) fail(i);
}

/**
 * Opens one split of a LIP dataset in any supported layout (auto-detected). Ids are validated and
 * every id must have its image (and label, for labelled splits); the pose CSV is parsed when present.
 */
export async function openLipDataset(root: string, options: OpenLipDatasetOptions = {}): Promise<LipDataset> {
  const split = options.split ?? 'train';
  const layout = detectLipLayout(root, options.layout);
  const paths = layout.splits[split];
  if (!paths) throw new LipDatasetError(layout.root, null, `the ${layout.kind} layout here has no ${split} split`);
  const skipInvalid = options.skipInvalid ?? false;
  const onInvalid = options.onInvalid ?? ((e: LipDatasetError) => console.warn(`[lip-dataset] skipped: ${e.message}`));
  const invalid: LipDatasetError[] = [];
  const reportInvalid = (error: LipDatasetError): void => {
    if (!skipInvalid) throw error;
    invalid.push(error);
    onInvalid(error);
  };

  const { ids: listed, source } = await listIds(paths);
  const images = await fileSet(paths.imagesDir);
  const labels = paths.labelsDir ? await fileSet(paths.labelsDir) : null;
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const id of listed) {
    try {
      validateLipId(id, source);
      if (seen.has(id)) throw new LipDatasetError(source, id, 'id listed twice');
      if (!images.has(`${id}.jpg`)) throw new LipDatasetError(join(paths.imagesDir, `${id}.jpg`), id, 'listed but its image file is missing');
      if (labels && !labels.has(`${id}.png`)) throw new LipDatasetError(join(paths.labelsDir!, `${id}.png`), id, 'listed but its label file is missing');
      seen.add(id);
      ids.push(id);
    } catch (error) {
      if (!(error instanceof LipDatasetError)) throw error;
      reportInvalid(error);
    }
  }

  let poses: Map<string, PoseRecord> | null = null;
  if (paths.poseCsv) poses = new Map(parsePoseCsv(await readFile(paths.poseCsv, 'utf8'), paths.poseCsv).map((pose) => [pose.id, pose]));
  const idSet = new Set(ids);
  const heatmapFiles = layout.heatmapDir ? await fileSet(layout.heatmapDir) : null;
  const labelRevFiles = layout.labelsRevDir ? await fileSet(layout.labelsRevDir) : null;

  const imagePath = (id: string): string => join(paths.imagesDir, `${id}.jpg`);
  const labelPath = (id: string): string | null => (paths.labelsDir ? join(paths.labelsDir, `${id}.png`) : null);
  const requireId = (id: string): void => {
    if (!idSet.has(id)) throw new LipDatasetError(source, id, `not an id of the ${split} split`);
  };

  const syncReads = options.syncReads ?? false;
  const checkLabel = (label: LabelMap, file: string, id: string, width: number, height: number): LabelMap => {
    if (label.width !== width || label.height !== height) {
      throw new LipDatasetError(file, id, `label is ${label.width}x${label.height} but the image is ${width}x${height}`);
    }
    validateLabelValues(label, file, id);
    return label;
  };

  const read = async (id: string): Promise<LipSample> => {
    requireId(id);
    const file = imagePath(id);
    const decodingImage = decodeRgbImage(await readBytes(file, id, 'image', syncReads), file, id);
    // The label is read and (for the common grayscale PNG) decoded while sharp decodes the JPEG on
    // the thread pool; errors still come in the same order: image first.
    const lp = labelPath(id);
    const decodingLabel = lp
      ? readBytes(lp, id, 'label', syncReads).then((bytes) => decodeLabelPng(bytes, lp, id))
      : null;
    decodingLabel?.catch(() => {}); // awaited below, after the image
    const image = await decodingImage;
    const label = lp && decodingLabel ? checkLabel(await decodingLabel, lp, id, image.width, image.height) : null;
    return { id, image, label, joints: poses?.get(id) ?? null };
  };

  return {
    root: layout.root,
    layout,
    split,
    paths,
    ids,
    hasLabels: paths.labelsDir !== null,
    hasPose: poses !== null,
    skipInvalid,
    invalid,
    reportInvalid,
    imagePath,
    labelPath,
    read,
    async readLabelRev(id: string, label?: LabelMap): Promise<LabelMap> {
      requireId(id);
      if (layout.labelsRevDir && labelRevFiles?.has(`${id}.png`)) {
        const file = join(layout.labelsRevDir, `${id}.png`);
        const rev = decodeLabelPng(await readBytes(file, id, 'labels_rev'), file, id);
        if (label && (rev.width !== label.width || rev.height !== label.height)) {
          throw new LipDatasetError(file, id, `labels_rev is ${rev.width}x${rev.height} but the label is ${label.width}x${label.height}`);
        }
        validateLabelValues(rev, file, id);
        return rev;
      }
      const lp = labelPath(id);
      if (!label && !lp) throw new LipDatasetError(source, id, 'no label to mirror (unlabelled split)');
      const base = label ?? (await read(id)).label!;
      return mirrorLabelMap(base);
    },
    async readHeatmaps(id: string, width: number, height: number): Promise<Uint8Array | null> {
      requireId(id);
      if (layout.heatmapDir && heatmapFiles?.has(`${id}_0.png`)) {
        const out = new Uint8Array(width * height * LIP_NUM_JOINTS);
        for (let k = 0; k < LIP_NUM_JOINTS; k++) {
          const file = join(layout.heatmapDir, `${id}_${k}.png`);
          const map = decodeLabelPng(await readBytes(file, id, `heatmap ${k}`), file, id);
          if (map.width !== width || map.height !== height) {
            throw new LipDatasetError(file, id, `heatmap is ${map.width}x${map.height} but the image is ${width}x${height}`);
          }
          for (let i = 0; i < map.data.length; i++) out[i * LIP_NUM_JOINTS + k] = map.data[i]!;
        }
        return out;
      }
      const joints = poses?.get(id);
      return joints ? createJointHeatmaps(joints, width, height) : null;
    },
  };
}
