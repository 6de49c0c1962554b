import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LipDatasetError } from './lip-dataset-error.js';

export type LipSplit = 'train' | 'val' | 'test';
export type LipLayoutKind = 'official' | 'jppnet' | 'ssnan' | 'schp';

/** Where one split's files live. `labelsDir` is null for an unlabelled split (test). */
export interface LipSplitPaths {
  readonly imagesDir: string;
  readonly labelsDir: string | null;
  /** `<split>_id.txt`; when null, the ids are the `.jpg` names of `imagesDir`, sorted. */
  readonly idList: string | null;
  readonly poseCsv: string | null;
}

/** A detected dataset layout: absolute paths per split plus the optional JPPNet folders. */
export interface LipLayout {
  readonly kind: LipLayoutKind;
  readonly root: string;
  readonly splits: Partial<Record<LipSplit, LipSplitPaths>>;
  /** JPPNet `labels_rev/` (pre-mirrored labels), when present. */
  readonly labelsRevDir: string | null;
  /** JPPNet `heatmap/<id>_<k>.png`, when present. */
  readonly heatmapDir: string | null;
}

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const firstDir = (...candidates: string[]): string | null => candidates.find(isDir) ?? null;
const firstFile = (...candidates: string[]): string | null => candidates.find(isFile) ?? null;

function poseCsvIn(root: string, split: 'train' | 'val'): string | null {
  return firstFile(join(root, 'TrainVal_pose_annotations', `lip_${split}_set.csv`), join(root, `lip_${split}_set.csv`));
}

function detectOfficial(root: string): LipLayout | null {
  if (!isDir(join(root, 'TrainVal_images'))) return null;
  const splits: Partial<Record<LipSplit, LipSplitPaths>> = {};
  for (const split of ['train', 'val'] as const) {
    const imagesDir = firstDir(join(root, 'TrainVal_images', 'TrainVal_images', `${split}_images`), join(root, 'TrainVal_images', `${split}_images`));
    if (!imagesDir) continue;
    splits[split] = {
      imagesDir,
      labelsDir: firstDir(
        join(root, 'TrainVal_parsing_annotations', 'TrainVal_parsing_annotations', `${split}_segmentations`),
        join(root, 'TrainVal_parsing_annotations', `${split}_segmentations`),
      ),
      idList: firstFile(join(root, 'TrainVal_images', `${split}_id.txt`), join(root, 'TrainVal_images', 'TrainVal_images', `${split}_id.txt`)),
      poseCsv: poseCsvIn(root, split),
    };
  }
  const testDir = firstDir(join(root, 'Testing_images', 'testing_images'), join(root, 'Testing_images'));
  if (testDir) {
    splits.test = { imagesDir: testDir, labelsDir: null, idList: firstFile(join(root, 'Testing_images', 'test_id.txt')), poseCsv: null };
  }
  return { kind: 'official', root, splits, labelsRevDir: null, heatmapDir: null };
}

function detectJppnet(root: string): LipLayout | null {
  const base = isDir(join(root, 'datasets', 'lip', 'images')) ? join(root, 'datasets', 'lip') : root;
  if (!isDir(join(base, 'images')) || !isDir(join(base, 'labels'))) return null;
  const splits: Partial<Record<LipSplit, LipSplitPaths>> = {};
  for (const split of ['train', 'val'] as const) {
    const idList = firstFile(join(base, 'list', `${split}_id.txt`));
    if (!idList) continue;
    splits[split] = { imagesDir: join(base, 'images'), labelsDir: join(base, 'labels'), idList, poseCsv: poseCsvIn(base, split) };
  }
  return {
    kind: 'jppnet',
    root: base,
    splits,
    labelsRevDir: firstDir(join(base, 'labels_rev')),
    heatmapDir: firstDir(join(base, 'heatmap')),
  };
}

function detectSsnan(root: string): LipLayout | null {
  if (!isDir(join(root, 'LIP_dataset')) || !isDir(join(root, 'parsing'))) return null;
  const splits: Partial<Record<LipSplit, LipSplitPaths>> = {};
  for (const split of ['train', 'val'] as const) {
    const imagesDir = firstDir(join(root, 'LIP_dataset', `${split}_set`, 'images'));
    if (!imagesDir) continue;
    splits[split] = {
      imagesDir,
      labelsDir: firstDir(join(root, 'parsing', `${split}_segmentations`)),
      idList: firstFile(join(root, 'lists', `${split}_id.txt`)),
      poseCsv: poseCsvIn(root, split),
    };
  }
  return { kind: 'ssnan', root, splits, labelsRevDir: null, heatmapDir: null };
}

function detectSchp(root: string): LipLayout | null {
  if (!isDir(join(root, 'train_images')) && !isDir(join(root, 'val_images'))) return null;
  const splits: Partial<Record<LipSplit, LipSplitPaths>> = {};
  for (const split of ['train', 'val'] as const) {
    const imagesDir = firstDir(join(root, `${split}_images`));
    if (!imagesDir) continue;
    splits[split] = {
      imagesDir,
      labelsDir: firstDir(join(root, `${split}_segmentations`)),
      idList: firstFile(join(root, `${split}_id.txt`)),
      poseCsv: poseCsvIn(root, split),
    };
  }
  const testDir = firstDir(join(root, 'test_images'));
  if (testDir) splits.test = { imagesDir: testDir, labelsDir: null, idList: firstFile(join(root, 'test_id.txt')), poseCsv: null };
  return { kind: 'schp', root, splits, labelsRevDir: firstDir(join(root, 'labels_rev')), heatmapDir: null };
}

/**
 * Recognises these LIP folder layouts: the official download (`TrainVal_images/…`,
 * with or without the doubled folders), JPPNet's (`images/ labels/ labels_rev/ heatmap/ list/`, also
 * found under `datasets/lip/`; LIP_JPPNet `utils/lip_reader.py`), SS-NAN's (`LIP_dataset/<split>_set/images`,
 * `parsing/`, `lists/`; `SS-NAN/LIP.py` `load_LIP`) and
 * SCHP / CE2P's (`<split>_images/ <split>_segmentations/ <split>_id.txt`).
 */
export function detectLipLayout(root: string, kind?: LipLayoutKind): LipLayout {
  if (!isDir(root)) throw new LipDatasetError(root, null, 'dataset root is not a directory');
  const detectors: Record<LipLayoutKind, (r: string) => LipLayout | null> = {
    official: detectOfficial,
    jppnet: detectJppnet,
    ssnan: detectSsnan,
    schp: detectSchp,
  };
  const order: LipLayoutKind[] = kind ? [kind] : ['official', 'jppnet', 'ssnan', 'schp'];
  for (const k of order) {
    const layout = detectors[k](root);
    if (layout) return layout;
  }
  throw new LipDatasetError(
    root,
    null,
    kind
      ? `not a LIP dataset in the ${kind} layout`
      : 'no LIP layout recognised (expected TrainVal_images/, images/+labels/+list/, LIP_dataset/+parsing/, or train_images/+train_segmentations/)',
  );
}
