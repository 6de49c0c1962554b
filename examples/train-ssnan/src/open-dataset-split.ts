import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openLipDataset, type LipDataset } from '@lip/dataset/node';
import { TrainSsnanError } from './train-ssnan-error.js';

/**
 * Opens a split of a LIP dataset in any layout `@lip/dataset` knows (official, JPPNet, SS-NAN, SCHP, and the
 * synthetic mini-LIP, which is official), with errors that say which flag was wrong.
 */
export async function openDatasetSplit(root: string, split: 'train' | 'val', needLabels: boolean): Promise<LipDataset> {
  const dir = resolve(root);
  const s = await stat(dir).catch(() => null);
  if (s === null) throw new TrainSsnanError(`--dataset ${root}: ${dir} does not exist (make a synthetic one with \`npx lip-dataset synth --out ${root}\`)`);
  if (!s.isDirectory()) throw new TrainSsnanError(`--dataset ${root}: ${dir} is not a directory`);
  let dataset: LipDataset;
  try {
    dataset = await openLipDataset(dir, { split });
  } catch (e) {
    throw new TrainSsnanError(`--dataset ${root}: cannot open the ${split} split: ${(e as Error).message}`);
  }
  if (dataset.ids.length === 0) throw new TrainSsnanError(`--dataset ${root}: the ${split} split has no images`);
  if (needLabels && !dataset.hasLabels) throw new TrainSsnanError(`--dataset ${root}: the ${split} split has no parsing labels`);
  return dataset;
}
