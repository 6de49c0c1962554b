import { ConfusionMatrix } from '../confusion-matrix.js';
import { unfilterRows } from '../node/png-unfilter.js';
import { ROW_REPEATS, type RowRepeatHint } from '../row-repeat-hints.js';
import type { LabelMap } from '../label-map.js';

/**
 * Runs the decoding and counting kernels once on tiny synthetic data that takes every branch (each filter type,
 * zero and non-zero residuals, row tails, ignore pixels, repeated rows), so that V8 has type feedback for all
 * of them when it optimises the kernels. Without it, a branch first taken after optimisation (a rare filter,
 * say) throws the optimised code away and recompiles it, which costs tens of milliseconds per thread.
 */
export function warmUpKernels(numClasses: number, ignoreIndex: number | null): void {
  const width = 13; // 8-byte groups, a 4-byte word and tail bytes
  const filters = [0, 0, 2, 2, 1, 3, 4, 2, 0, 4];
  const raw = new Uint8Array(filters.length * (width + 1));
  filters.forEach((filter, y) => {
    raw[y * (width + 1)] = filter;
    if (y !== 1 && y !== 2) for (let x = 0; x < width; x += 3) raw[y * (width + 1) + 1 + x] = 1 + ((x + y) % 3);
  });
  const out = new Uint8Array(filters.length * width);
  const repeats = new Uint8Array(filters.length);
  for (const has128 of [false, true]) unfilterRows(raw, 0, width, filters.length, out, 0, has128, repeats);
  unfilterRows(raw, 0, width, filters.length, out, 0, false, null);

  const classes = Math.min(numClasses, 3);
  const ignoreByte = ignoreIndex !== null && ignoreIndex >= 0 && ignoreIndex <= 255 ? ignoreIndex : null;
  const gt = out.map((v, i) => (ignoreByte !== null && i % 17 === 5 ? ignoreByte : v % classes));
  const pred = out.map((v) => (v + 1) % classes);
  const hinted = (data: Uint8Array): LabelMap & RowRepeatHint => ({ data, width, height: filters.length, [ROW_REPEATS]: Uint8Array.from(filters, (_, y) => (y % 3 === 2 ? 1 : 0)) });
  const matrix = new ConfusionMatrix(numClasses, { ignoreIndex });
  for (let k = 0; k < 2; k++) {
    matrix.update({ data: gt, width, height: filters.length }, { data: pred, width, height: filters.length });
    // Hints must be exact: make the flagged rows true repeats first.
    for (let y = 2; y < filters.length; y += 3) {
      gt.copyWithin(y * width, (y - 1) * width, y * width);
      pred.copyWithin(y * width, (y - 1) * width, y * width);
    }
    matrix.update(hinted(gt), hinted(pred));
  }
}
