// bench/metrics part (c) only: a minimal 8-bit single-channel PNG decoder on node:zlib, to measure how much of
// the end-to-end time is the pure-JS inflate. NOT used by @lip/metrics (its CLI decodes with fast-png).
import { inflateSync } from 'node:zlib';

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
      if (bytes[offset + 16] !== 8 || (bytes[offset + 17] !== 0 && bytes[offset + 17] !== 3) || bytes[offset + 20] !== 0) throw new Error('prototype: 8-bit gray/palette, non-interlaced only');
    } else if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat));
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const src = y * (width + 1) + 1;
    const filter = raw[src - 1];
    const dst = y * width;
    const up = dst - width;
    if (filter === 0) out.set(raw.subarray(src, src + width), dst);
    else if (filter === 1) {
      out[dst] = raw[src];
      for (let x = 1; x < width; x++) out[dst + x] = (raw[src + x] + out[dst + x - 1]) & 255;
    } else if (filter === 2) {
      if (y === 0) out.set(raw.subarray(src, src + width), dst);
      else for (let x = 0; x < width; x++) out[dst + x] = (raw[src + x] + out[up + x]) & 255;
    } else if (filter === 3) {
      for (let x = 0; x < width; x++) {
        const a = x > 0 ? out[dst + x - 1] : 0;
        const b = y > 0 ? out[up + x] : 0;
        out[dst + x] = (raw[src + x] + ((a + b) >> 1)) & 255;
      }
    } else if (filter === 4) {
      for (let x = 0; x < width; x++) {
        const a = x > 0 ? out[dst + x - 1] : 0;
        const b = y > 0 ? out[up + x] : 0;
        const c = x > 0 && y > 0 ? out[up + x - 1] : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        out[dst + x] = (raw[src + x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
    } else throw new Error(`prototype: bad filter ${filter}`);
  }
  return { width, height, data: out };
}
