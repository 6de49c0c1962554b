const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080;

/** Adds `a` to the 4 bytes at `at`, each byte modulo 256: add the low 7 bits, then xor in the top bits. */
function addBytewise(view: DataView, at: number, a: number): void {
  const b = view.getInt32(at, true);
  view.setInt32(at, (((a & LOW7) + (b & LOW7)) | 0) ^ ((a ^ b) & HIGH), true);
}

/**
 * Reverses the PNG row filters (None, Sub, Up, Average, Paeth) of `rows` rows of `rowBytes` bytes, for images
 * with one byte or less per pixel (the filter then works on whole bytes, with the left neighbour one byte back).
 * `raw[rawStart]` is the first row's filter-type byte. The rows are written to `out` from `outStart`, one after
 * the other without their filter bytes. `raw` and `out` must be different buffers.
 * Returns -1, or the index of the first row whose filter type is unknown.
 *
 * Label maps are mostly Up-filtered rows whose residuals are zero (a row repeats the one above): those copy the
 * previous row natively and only add the non-zero residual words, 4 bytes at a time.
 */
export function unfilterRows(
  raw: Uint8Array,
  rawStart: number,
  rowBytes: number,
  rows: number,
  out: Uint8Array,
  outStart: number,
): number {
  const rawView = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const wordBytes = rowBytes & ~3;
  const pairBytes = rowBytes & ~7;
  for (let y = 0; y < rows; y++) {
    const filterAt = rawStart + y * (rowBytes + 1);
    const i = filterAt + 1;
    const o = outStart + y * rowBytes;
    const u = o - rowBytes; // the row above in `out` (only read when y > 0)
    const filter = raw[filterAt]!;
    if (filter === 0 || (filter === 2 && y === 0)) {
      out.set(raw.subarray(i, i + rowBytes), o);
    } else if (filter === 2) {
      out.copyWithin(o, u, o);
      // Then add the non-zero residuals (most rows have none), reading 8 bytes per step.
      let k = 0;
      for (; k < pairBytes; k += 8) {
        const a0 = rawView.getInt32(i + k, true);
        const a1 = rawView.getInt32(i + k + 4, true);
        if ((a0 | a1) === 0) continue;
        if (a0 !== 0) addBytewise(outView, o + k, a0);
        if (a1 !== 0) addBytewise(outView, o + k + 4, a1);
      }
      if (k < wordBytes) {
        const a = rawView.getInt32(i + k, true);
        if (a !== 0) addBytewise(outView, o + k, a);
      }
      for (let x = wordBytes; x < rowBytes; x++) out[o + x] = out[o + x]! + raw[i + x]!;
    } else if (filter === 1 || (filter === 4 && y === 0)) {
      // Sub; Paeth on the first row predicts from the left neighbour only.
      let left = 0;
      for (let x = 0; x < rowBytes; x++) {
        left = (raw[i + x]! + left) & 255;
        out[o + x] = left;
      }
    } else if (filter === 3) {
      let left = 0;
      for (let x = 0; x < rowBytes; x++) {
        const above = y === 0 ? 0 : out[u + x]!;
        left = (raw[i + x]! + ((left + above) >> 1)) & 255;
        out[o + x] = left;
      }
    } else if (filter === 4) {
      let a = 0; // left
      let c = 0; // upper left
      for (let x = 0; x < rowBytes; x++) {
        const b = out[u + x]!; // above
        // Paeth: the neighbour closest to a + b - c, ties to a, then b.
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        a = (raw[i + x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        out[o + x] = a;
        c = b;
      }
    } else {
      return y;
    }
  }
  return -1;
}
