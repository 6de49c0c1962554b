import { unfilterRows } from './png-unfilter.js';

/**
 * Runs the PNG unfiltering kernels once on tiny synthetic rows that take every branch (each filter type, zero and
 * non-zero residuals, row tails, with and without repeat hints), so that V8 has type feedback for all of them when
 * it optimises them. Without it, a branch first taken after optimisation (a rare filter, say) throws the optimised
 * code away, which costs tens of milliseconds per worker thread of a many-file evaluation.
 */
export function warmUpLabelPngDecoder(): void {
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
}
