import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { decodeRgbImage, encodeRgbPng } from '@lip/dataset/node';
import { predictSsnan } from '@lip/nan-head';
import { useBackend, type BackendRequest } from '@lip/runtime';
import type { SsnanArchitecture } from './architecture.js';
import { resolveModelSource } from './model-source.js';
import { openSsnanModel } from './open-ssnan-model.js';
import { TrainSsnanError } from './train-ssnan-error.js';
import { blendOverlay, colorizeLabelMap } from '@lip/image';
import type { LabelMap } from '@lip/schema';
import { encodeLabelPng } from '@lip/schema/node';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff']);

export interface DetectSsnanOptions {
  /** Trained weights: a checkpoint or run directory, `last`, or a `.h5` file. */
  readonly model: string;
  /** An image file, or a directory whose images (jpg, png, …) are all parsed. */
  readonly input: string;
  readonly output: string;
  readonly runDir?: string;
  readonly architecture?: Partial<SsnanArchitecture>;
  /** `resize_image` min_dim / max_dim. Default 120 / 640 (`model.detect`). */
  readonly minDim?: number;
  readonly maxDim?: number;
  /** Overlay weight of the colours. Default 0.5. */
  readonly alpha?: number;
  readonly backend?: BackendRequest;
  readonly log?: (message: string) => void;
  readonly cwd?: string;
}

export interface DetectedImage {
  readonly input: string;
  /** Class ids 0–19 as an 8-bit grayscale PNG. */
  readonly labelPng: string;
  /** The LIP palette colours. */
  readonly colorPng: string;
  /** The colours blended over the image (background left as is). */
  readonly overlayPng: string;
  readonly prediction: LabelMap;
}

async function listInputs(input: string): Promise<string[]> {
  const s = await stat(input).catch(() => null);
  if (s === null) throw new TrainSsnanError(`--input ${input} does not exist`);
  if (s.isFile()) return [input];
  const names = (await readdir(input)).filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase())).sort();
  if (names.length === 0) throw new TrainSsnanError(`--input ${input}: no images (${[...IMAGE_EXTENSIONS].join(', ')}) in the directory`);
  return names.map((n) => join(input, n));
}

/**
 * `model.detect` on image files: SS-NAN inference with the reference's moulding and un-moulding, then for
 * each `<name>.<ext>`: `<name>.png` (class ids), `<name>_color.png` and `<name>_overlay.png` in `output`.
 */
export async function detectSsnan(options: DetectSsnanOptions): Promise<DetectedImage[]> {
  const log = options.log ?? ((m: string) => console.error(m));
  const cwd = options.cwd ?? process.cwd();
  if (options.backend) {
    try {
      log(`backend: ${(await useBackend(options.backend)).backend}`);
    } catch (e) {
      throw new TrainSsnanError(`--backend ${options.backend}: ${(e as Error).message}`);
    }
  }
  const inputs = await listInputs(resolve(cwd, options.input));
  const source = await resolveModelSource(options.model, { ...(options.runDir ? { runDir: options.runDir } : {}), cwd });
  const { ssnan } = await openSsnanModel(source, options.architecture);
  const output = resolve(cwd, options.output);
  await mkdir(output, { recursive: true });
  const results: DetectedImage[] = [];
  try {
    for (const file of inputs) {
      const stem = basename(file, extname(file));
      const image = await decodeRgbImage(await readFile(file), file, null);
      const { labels } = await predictSsnan(ssnan, image, {
        ...(options.minDim === undefined ? {} : { minDim: options.minDim }),
        ...(options.maxDim === undefined ? {} : { maxDim: options.maxDim }),
      });
      const out = { labelPng: join(output, `${stem}.png`), colorPng: join(output, `${stem}_color.png`), overlayPng: join(output, `${stem}_overlay.png`) };
      await writeFile(out.labelPng, encodeLabelPng(labels));
      await writeFile(out.colorPng, await encodeRgbPng(colorizeLabelMap(labels)));
      await writeFile(out.overlayPng, await encodeRgbPng(blendOverlay(image, labels, { alpha: options.alpha ?? 0.5 })));
      log(`${file} → ${out.labelPng}, ${basename(out.colorPng)}, ${basename(out.overlayPng)}`);
      results.push({ input: file, ...out, prediction: labels });
    }
  } finally {
    ssnan.dispose();
  }
  return results;
}
