// bench/metrics part (b), extra row: the same evaluation as `lip-metrics parsing --threads 0`, but decoding with
// the node:zlib prototype (zlib-png-prototype.mjs) instead of fast-png. Evidence for the decoder choice only;
// not what the package ships. usage: node e2e-zlib-prototype.mjs GT_DIR PRED_DIR IDS_TXT
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfusionMatrix } from '@lip/metrics';
import { decodeLabelPngWithNodeZlib } from './zlib-png-prototype.mjs';

const [gtDir, predDir, idsFile] = process.argv.slice(2);
const ids = readFileSync(idsFile, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
const matrix = new ConfusionMatrix(20);
for (const id of ids) {
  const gt = decodeLabelPngWithNodeZlib(readFileSync(join(gtDir, `${id}.png`)));
  const pred = decodeLabelPngWithNodeZlib(readFileSync(join(predDir, `${id}.png`)));
  matrix.update(gt, pred, { id });
}
const m = matrix.compute();
console.log(JSON.stringify({ images: matrix.images, pixels: m.pixels, pixelAccuracy: m.pixelAccuracy, meanAccuracy: m.meanAccuracy, meanIoU: m.meanIoU, frequencyWeightedIoU: m.frequencyWeightedIoU }));
