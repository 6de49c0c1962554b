import { OFFICIAL_LAYOUT } from '../node/lip-layout-paths.js';
import { generateSyntheticSample } from './generate-synthetic-sample.js';
import { formatPoseCsvRow } from '@lip/schema';

export interface WriteSyntheticLipOptions {
  readonly train: number;
  readonly val: number;
  /** Image side in pixels. Default 128. */
  readonly size?: number;
  readonly seed?: number;
  /** JPEG quality. Default 90. */
  readonly jpegQuality?: number;
  /** Images encoded concurrently. Default 16. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface WriteSyntheticLipResult {
  readonly root: string;
  readonly ids: { readonly train: readonly string[]; readonly val: readonly string[] };
}

/** Id of the i-th synthetic image of a split, LIP-like (`<image>_<person>`). */
export function syntheticId(split: 'train' | 'val', index: number): string {
  return `${split === 'train' ? 100000 + index : 900000 + index}_1`;
}

/**
 * The `generateSyntheticSample` index of the `index`-th image of a split, as `writeSyntheticLip` draws it: train
 * images count from 0, val images from 2^30, so the splits never share a person. `generateSyntheticSample(seed,
 * syntheticSampleIndex('val', 0), size)` is the first val image of `writeSyntheticLip(root, {seed, size, …})`.
 */
export function syntheticSampleIndex(split: 'train' | 'val', index: number): number {
  return (split === 'train' ? 0 : 0x40000000) + index;
}

/**
 * Writes a synthetic mini-LIP in the official layout under `root`: JPEG images, 8-bit grayscale
 * label PNGs, `lip_{train,val}_set.csv` and `{train,val}_id.txt`. The bytes depend only on the
 * options (same seed → identical files). Train and val samples use disjoint generator indices.
 */
export async function writeSyntheticLip(root: string, options: WriteSyntheticLipOptions): Promise<WriteSyntheticLipResult> {
  const size = options.size ?? 128;
  const seed = options.seed ?? 0;
  const quality = options.jpegQuality ?? 90;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  for (const [name, n] of [['train', options.train], ['val', options.val]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`writeSyntheticLip: ${name} must be a non-negative integer, got ${n}`);
  }
  // Node-only dependencies are loaded here, so that importing this entry stays bundler-friendly.
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { encodeJpeg } = await import('../node/encode-images.js');
  const { encodeLabelPng } = await import('@lip/schema/node');
  const total = options.train + options.val;
  let done = 0;
  const ids = { train: [] as string[], val: [] as string[] };
  for (const split of ['train', 'val'] as const) {
    const count = options[split];
    const imagesDir = join(root, OFFICIAL_LAYOUT.imagesDir(split));
    const labelsDir = join(root, OFFICIAL_LAYOUT.labelsDir(split));
    await mkdir(imagesDir, { recursive: true });
    await mkdir(labelsDir, { recursive: true });
    await mkdir(join(root, 'TrainVal_pose_annotations'), { recursive: true });
    const rows: string[] = new Array(count);
    // Generate (JS thread) while the previous images encode and write (libuv threads).
    let pending: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const id = syntheticId(split, i);
      const sample = generateSyntheticSample(seed, syntheticSampleIndex(split, i), size);
      rows[i] = formatPoseCsvRow({ ...sample.joints, id });
      ids[split][i] = id;
      pending.push(
        Promise.all([
          encodeJpeg(sample.image, quality).then((jpeg) => writeFile(join(imagesDir, `${id}.jpg`), jpeg)),
          writeFile(join(labelsDir, `${id}.png`), encodeLabelPng(sample.label)),
        ]),
      );
      if (pending.length >= concurrency) {
        await Promise.all(pending);
        done += pending.length;
        pending = [];
        options.onProgress?.(done, total);
      }
    }
    await Promise.all(pending);
    done += pending.length;
    options.onProgress?.(done, total);
    await writeFile(join(root, OFFICIAL_LAYOUT.poseCsv(split)), rows.length ? `${rows.join('\n')}\n` : '');
    await writeFile(join(root, OFFICIAL_LAYOUT.idList(split)), ids[split].length ? `${ids[split].join('\n')}\n` : '');
  }
  return { root, ids };
}
