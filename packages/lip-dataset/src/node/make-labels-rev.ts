import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LipDatasetError } from './lip-dataset-error.js';
import { openLipDataset, type OpenLipDatasetOptions } from './open-lip-dataset.js';
import { mirrorLabelMap } from '@lip/schema';
import { encodeLabelPng } from '@lip/schema/node';

export interface MakeLabelsRevOptions extends Pick<OpenLipDatasetOptions, 'layout' | 'skipInvalid' | 'onInvalid'> {
  /** Default 'train'. */
  readonly split?: 'train' | 'val';
  /** Output folder. Default `<dataset root>/labels_rev`. */
  readonly outDir?: string;
  /** Files processed concurrently. Default 8. */
  readonly concurrency?: number;
}

/**
 * Writes JPPNet's `labels_rev/<id>.png` for every id of a split: the label mirrored horizontally
 * with 14↔15, 16↔17, 18↔19 swapped, as 8-bit grayscale PNG.
 */
export async function makeLabelsRev(root: string, options: MakeLabelsRevOptions = {}): Promise<{ outDir: string; written: number; skipped: number }> {
  const dataset = await openLipDataset(root, { ...options, split: options.split ?? 'train' });
  if (!dataset.hasLabels) throw new Error(`make-labels-rev: the ${dataset.split} split has no labels`);
  const outDir = options.outDir ?? join(dataset.root, 'labels_rev');
  await mkdir(outDir, { recursive: true });
  const concurrency = Math.max(1, options.concurrency ?? 8);
  let written = 0;
  const ids = dataset.ids;
  for (let start = 0; start < ids.length; start += concurrency) {
    await Promise.all(
      ids.slice(start, start + concurrency).map(async (id) => {
        try {
          const { label } = await dataset.read(id);
          await writeFile(join(outDir, `${id}.png`), encodeLabelPng(mirrorLabelMap(label!)));
          written++;
        } catch (error) {
          if (error instanceof LipDatasetError) dataset.reportInvalid(error);
          else throw error;
        }
      }),
    );
  }
  return { outDir, written, skipped: dataset.invalid.length };
}
