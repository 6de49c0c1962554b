const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080;

/** Adds `a` to the 4 bytes at `at`, each byte modulo 256: add the low 7 bits, then xor in the top bits. */
function addBytewise(view: DataView, at: number, a: number): void {
  const b = view.getInt32(at, true);
  view.setInt32(at, (((a & LOW7) + (b & LOW7)) | 0) ^ ((a ^ b) & HIGH), true);
}

/**
 * Whether the `rowBytes` residual bytes at `raw[at]` are all zero, 8 bytes at a time. Without a 0x80 byte in
 * `raw` (`rawHas128` false) the 8 bytes are read as one float64, much faster in V8 than two int32 reads: a
 * float64 equals 0 only for all-zero bytes and for -0, whose bytes include 0x80.
 */
function isZeroResidualRow(raw: Uint8Array, rawView: DataView, at: number, rowBytes: number, rawHas128: boolean): boolean {
  const pairEnd = at + (rowBytes & ~7);
  let k = at;
  if (rawHas128) {
    for (; k < pairEnd; k += 8) if ((rawView.getInt32(k, true) | rawView.getInt32(k + 4, true)) !== 0) return false;
  } else {
    for (; k < pairEnd; k += 8) if (rawView.getFloat64(k, true) !== 0) return false;
  }
  for (; k < at + rowBytes; k++) if (raw[k] !== 0) return false;
  return true;
}

/** Runs shorter than this are written byte by byte: a native fill() call costs about as much. */
const MIN_FILL_RUN = 8;

/** Sub: each byte adds the reconstructed byte on its left. Zero residuals repeat it: filled natively. */
function subRow(raw: Uint8Array, i: number, out: Uint8Array, o: number, rowBytes: number): void {
  let left = 0;
  for (let x = 0; x < rowBytes; ) {
    const residual = raw[i + x]!;
    if (residual === 0) {
      let end = x + 1;
      while (end < rowBytes && raw[i + end] === 0) end++;
      if (end - x >= MIN_FILL_RUN) out.fill(left, o + x, o + end);
      else for (let k = x; k < end; k++) out[o + k] = left;
      x = end;
      continue;
    }
    left = (residual + left) & 255;
    out[o + x++] = left;
  }
}

/**
 * Paeth (rows after the first): predicts each byte from its left (a), upper (b) and upper-left (c) neighbours:
 * the one closest to a + b - c, ties to a, then b. In label maps b === c almost everywhere (then a is exact), and
 * where the residuals are also zero the row repeats its left byte: such runs are filled natively.
 */
function paethRow(raw: Uint8Array, i: number, out: Uint8Array, o: number, u: number, rowBytes: number): void {
  let a = 0;
  let c = 0;
  for (let x = 0; x < rowBytes; ) {
    const b = out[u + x]!;
    const residual = raw[i + x]!;
    if (b === c && residual === 0) {
      let end = x + 1;
      while (end < rowBytes && out[u + end] === b && raw[i + end] === 0) end++;
      if (end - x >= MIN_FILL_RUN) out.fill(a, o + x, o + end);
      else for (let k = x; k < end; k++) out[o + k] = a;
      x = end; // a and c (= b) are unchanged
      continue;
    }
    let predictor: number;
    if (b === c) predictor = a;
    else if (a === c) predictor = b;
    else {
      const pa = Math.abs(b - c);
      const pb = Math.abs(a - c);
      const pc = Math.abs(a + b - 2 * c);
      predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    a = (residual + predictor) & 255;
    out[o + x++] = a;
    c = b;
  }
}

/**
 * Reverses the PNG row filters (None, Sub, Up, Average, Paeth) of `rows` rows of `rowBytes` bytes, for images
 * with one byte or less per pixel (the filter then works on whole bytes, with the left neighbour one byte back).
 * `raw[rawStart]` is the first row's filter-type byte. The rows are written to `out` from `outStart`, one after
 * the other without their filter bytes. `raw` and `out` must be different buffers.
 * Returns -1, or the index of the first row whose filter type is unknown.
 *
 * Label maps are mostly Up-filtered rows with few or no non-zero residuals, so Up rows are copied natively from
 * the row above and only their non-zero residual words are added, 4 bytes at a time. `rawHas128`: whether any
 * byte of `raw` is 0x80 (see `isZeroResidualRow`); pass true when unsure. `repeatFlags[y]` is set to 1 for the
 * rows found to repeat the row above (and left alone for the others): zero-residual Up rows, and all-zero rows
 * after an all-zero row.
 */
export function unfilterRows(
  raw: Uint8Array,
  rawStart: number,
  rowBytes: number,
  rows: number,
  out: Uint8Array,
  outStart: number,
  rawHas128 = true,
  repeatFlags: Uint8Array | null = null,
): number {
  const rawView = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const wordBytes = rowBytes & ~3;
  const pairBytes = rowBytes & ~7;
  let zeroRow = false; // row y - 1 is known to be all zeros (tracked only for repeatFlags)
  for (let y = 0; y < rows; y++) {
    const filterAt = rawStart + y * (rowBytes + 1);
    const i = filterAt + 1;
    const o = outStart + y * rowBytes;
    const u = o - rowBytes; // the row above in `out` (only read when y > 0)
    const filter = raw[filterAt]!;
    if (filter === 0 || (filter === 2 && y === 0)) {
      // Encoders pick None for all-zero rows (background above and below a person): a run of them repeats.
      if (repeatFlags !== null && isZeroResidualRow(raw, rawView, i, rowBytes, rawHas128)) {
        out.fill(0, o, o + rowBytes);
        if (zeroRow) repeatFlags[y] = 1;
        zeroRow = true;
      } else {
        out.set(raw.subarray(i, i + rowBytes), o);
        zeroRow = false;
      }
    } else if (filter === 2) {
      // Rows y, y + 1, ... that are Up-filtered with zero residuals all repeat row y - 1: copy it into them in
      // doubling steps (1, 2, 4, ... rows per native copy).
      let repeats = 0;
      while (y + repeats < rows) {
        const at = filterAt + repeats * (rowBytes + 1);
        if (raw[at] !== 2 || !isZeroResidualRow(raw, rawView, at + 1, rowBytes, rawHas128)) break;
        repeats++;
      }
      if (repeats > 0) {
        repeatFlags?.fill(1, y, y + repeats);
        out.copyWithin(o, u, o);
        for (let filled = 1; filled < repeats; ) {
          const n = Math.min(filled, repeats - filled);
          out.copyWithin(o + filled * rowBytes, o, o + n * rowBytes);
          filled += n;
        }
        y += repeats - 1;
        continue; // zeroRow is unchanged: these rows equal the one before them
      }
      // Row y has non-zero residuals: copy the row above, then add them.
      zeroRow = false;
      out.copyWithin(o, u, o);
      let k = 0;
      for (; k < pairBytes; k += 8) {
        if (!rawHas128 && rawView.getFloat64(i + k, true) === 0) continue; // see isZeroResidualRow
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
      zeroRow = false;
      subRow(raw, i, out, o, rowBytes);
    } else if (filter === 3) {
      zeroRow = false;
      let left = 0;
      for (let x = 0; x < rowBytes; x++) {
        const above = y === 0 ? 0 : out[u + x]!;
        left = (raw[i + x]! + ((left + above) >> 1)) & 255;
        out[o + x] = left;
      }
    } else if (filter === 4) {
      zeroRow = false;
      paethRow(raw, i, out, o, u, rowBytes);
    } else {
      return y;
    }
  }
  return -1;
}
