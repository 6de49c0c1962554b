// bench/metrics part (c) only: a minimal 8-bit single-channel PNG decoder on node:zlib (built into Node), to
// measure how much of the end-to-end time fast-png's pure-JS decoding costs. NOT used by @lip/metrics, whose
// CLI decodes with fast-png.
import { inflateSync } from 'node:zlib';

const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080;

/** Decodes an 8-bit grayscale or palette, non-interlaced PNG to its raw values (palette indices stay indices). */
export function decodeLabelPngWithNodeZlib(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      if (bytes[offset + 16] !== 8 || (bytes[offset + 17] !== 0 && bytes[offset + 17] !== 3) || bytes[offset + 20] !== 0) {
        throw new Error('prototype: 8-bit gray/palette, non-interlaced only');
      }
    } else if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat));
  // Rows padded to a multiple of 4 bytes so the Up filter can add 4 bytes at a time (SWAR, no carries across bytes).
  const stride = (width + 3) & ~3;
  const padded = new Uint8Array(stride * (height + 1)); // row -1 (all zero) first
  const padded32 = new Uint32Array(padded.buffer);
  const line = new Uint8Array(stride);
  const line32 = new Uint32Array(line.buffer);
  const words = stride >> 2;
  for (let y = 0; y < height; y++) {
    const src = y * (width + 1) + 1;
    const filter = raw[src - 1];
    const dst = (y + 1) * stride;
    const up = dst - stride;
    if (filter === 0) padded.set(raw.subarray(src, src + width), dst);
    else if (filter === 2) {
      line.set(raw.subarray(src, src + width));
      const d32 = dst >> 2;
      const u32 = up >> 2;
      for (let k = 0; k < words; k++) {
        const a = line32[k];
        const b = padded32[u32 + k];
        padded32[d32 + k] = ((a & LOW7) + (b & LOW7)) ^ ((a ^ b) & HIGH);
      }
    } else if (filter === 1) {
      let left = 0;
      for (let x = 0; x < width; x++) padded[dst + x] = left = (raw[src + x] + left) & 255;
    } else if (filter === 3) {
      let left = 0;
      for (let x = 0; x < width; x++) padded[dst + x] = left = (raw[src + x] + ((left + padded[up + x]) >> 1)) & 255;
    } else if (filter === 4) {
      let a = 0;
      let c = 0;
      for (let x = 0; x < width; x++) {
        const b = padded[up + x];
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        a = (raw[src + x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        padded[dst + x] = a;
        c = b;
      }
    } else throw new Error(`prototype: bad filter ${filter}`);
  }
  let out;
  if (stride === width) out = padded.subarray(stride);
  else {
    out = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) out.set(padded.subarray((y + 1) * stride, (y + 1) * stride + width), y * width);
  }
  return { width, height, data: out };
}
