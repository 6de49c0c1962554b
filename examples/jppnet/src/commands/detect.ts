import { readdirSync, readFileSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describeBackendChoice, useBackend } from '@lip/runtime';
import { decodeRgbImage, encodeRgbPng } from '@lip/dataset/node';
import { colorizeLabelMap, drawKeypoints, drawMask } from '@lip/image';
import { openParser } from '../model-source.js';
import { parseOptions, requiredOption, UsageError } from '@lip/schema/node';
import { backendOf, COMMON_OPTIONS, INFERENCE_OPTIONS, parseOptionsOf } from '../options.js';
import { rgbaToRgb, rgbToRgba } from '../rgba-buffers.js';
import { encodeLabelPng } from '@lip/schema/node';

export const DETECT_USAGE = `jppnet detect (--model DIR | --checkpoint PREFIX) --input FILE|DIR --output DIR [options]
  Parses each .jpg/.jpeg/.png image at its own size and writes, per image <name>:
  <name>_mask.png (class ids), <name>_vis.png (LIP palette), <name>_overlay.png (palette over the image),
  <name>_skeleton.png (the 16 joints and limbs over the image), <name>_keypoints.json ({name, x, y, score}).
  --size N  network side at scale 1 (default: the model's, 384 for JPPNet-s2)   --scales a,b,c (default 1,0.75,1.25)   --no-flip
  --config FILE   JPPNet config (JSON) for --checkpoint      --backend B   auto | tensorflow | wasm | cpu
`;

const IMAGE = /\.(jpe?g|png)$/i;

export async function detectCommand(args: string[], log: (line: string) => void): Promise<void> {
  const { values } = parseOptions(args, { ...COMMON_OPTIONS, ...INFERENCE_OPTIONS, input: { type: 'string' }, output: { type: 'string' } });
  if (values.help) return log(DETECT_USAGE);
  const input = requiredOption(values.input, 'input');
  const output = requiredOption(values.output, 'output');
  const files = statSync(input).isDirectory() ? readdirSync(input).filter((f) => IMAGE.test(f)).sort().map((f) => join(input, f)) : [input];
  if (files.length === 0) throw new UsageError(`detect: no .jpg/.jpeg/.png images in ${input}`);
  log(describeBackendChoice(await useBackend(backendOf(values.backend))));
  const options = parseOptionsOf(values);
  const parser = await openParser(values, log);
  mkdirSync(output, { recursive: true });
  try {
    for (const file of files) {
      const started = performance.now();
      const image = await decodeRgbImage(readFileSync(file), file, null);
      const { segmentation, pose } = await parser.parse(image, options);
      const name = join(output, basename(file, extname(file)));
      const overlay = rgbToRgba(image);
      drawMask(overlay, null, segmentation, { opacity: 0.5 });
      const skeleton = rgbToRgba(image);
      drawKeypoints(skeleton, pose);
      writeFileSync(`${name}_mask.png`, encodeLabelPng(segmentation.labels));
      writeFileSync(`${name}_vis.png`, await encodeRgbPng(colorizeLabelMap(segmentation.labels), { palette: true }));
      writeFileSync(`${name}_overlay.png`, await encodeRgbPng(rgbaToRgb(overlay)));
      writeFileSync(`${name}_skeleton.png`, await encodeRgbPng(rgbaToRgb(skeleton)));
      writeFileSync(`${name}_keypoints.json`, JSON.stringify(pose.keypoints, null, 2));
      log(`${file}: ${image.width}×${image.height} in ${((performance.now() - started) / 1000).toFixed(2)} s → ${name}_*`);
    }
  } finally {
    parser.dispose();
  }
}
