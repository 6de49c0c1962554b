import { ConfusionMatrix } from '../confusion-matrix.js';
import { ROW_REPEATS, type LabelMap, type RowRepeatHint } from '@lip/schema';
import { warmUpLabelPngDecoder } from '@lip/schema/node';

/**
 * Runs the decoding and counting kernels once on tiny synthetic data that takes every branch (each filter type,
 * zero and non-zero residuals, row tails, ignore pixels, repeated rows), so that V8 has type feedback for all
 * of them when it optimises the kernels. Without it, a branch first taken after optimisation (a rare filter,
 * say) throws the optimised code away and recompiles it, which costs tens of milliseconds per thread.
 */
export function warmUpKernels(numClasses: number, ignoreIndex: number | null): void {
  warmUpLabelPngDecoder();
  const width = 13;
  const height = 10;
  // Rows with runs and changes: what decoded label maps look like to the counting kernels.
  const out = Uint8Array.from({ length: width * height }, (_, i) => (i * 7 + (i >> 4)) % 5);
  const classes = Math.min(numClasses, 3);
  const ignoreByte = ignoreIndex !== null && ignoreIndex >= 0 && ignoreIndex <= 255 ? ignoreIndex : null;
  const gt = out.map((v, i) => (ignoreByte !== null && i % 17 === 5 ? ignoreByte : v % classes));
  const pred = out.map((v) => (v + 1) % classes);
  const hinted = (data: Uint8Array): LabelMap & RowRepeatHint => ({ data, width, height, [ROW_REPEATS]: Uint8Array.from({ length: height }, (_, y) => (y % 3 === 2 ? 1 : 0)) });
  const matrix = new ConfusionMatrix(numClasses, { ignoreIndex });
  for (let k = 0; k < 2; k++) {
    matrix.update({ data: gt, width, height }, { data: pred, width, height });
    // Hints must be exact: make the flagged rows true repeats first.
    for (let y = 2; y < height; y += 3) {
      gt.copyWithin(y * width, (y - 1) * width, y * width);
      pred.copyWithin(y * width, (y - 1) * width, y * width);
    }
    matrix.update(hinted(gt), hinted(pred));
  }
}
