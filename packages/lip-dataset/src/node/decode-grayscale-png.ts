import { crc32, inflateSync } from 'node:zlib';
import type { LabelMap } from '../schema/image-types.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG whose bytes are not a valid 8-bit grayscale PNG after all (bad CRC, zlib data, filter…). */
export class CorruptPngError extends Error {}

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/**
 * Decodes the common case of a label PNG on `node:zlib` alone, several times faster than a sharp
 * call for LIP-sized labels: 8-bit grayscale (colour type 0), non-interlaced. Every chunk CRC, the
 * zlib checksum, the data length and the row filters are checked (`CorruptPngError`). Returns null
 * for any other PNG (palette, RGB, alpha, 16-bit, interlaced, unknown critical chunks), which the
 * caller then decodes and validates with sharp.
 */
export function decodeGrayscalePng(bytes: Uint8Array): LabelMap | null {
  if (bytes.length < 8 + 25 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || chunkType(bytes, 12) !== 'IHDR') return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const [depth, colourType, compression, filterMethod, interlace] = [bytes[24], bytes[25], bytes[26], bytes[27], bytes[28]];
  if (depth !== 8 || colourType !== 0 || compression !== 0 || filterMethod !== 0 || interlace !== 0) return null;
  if (width === 0 || height === 0 || width * height > 0x7fffffff) throw new CorruptPngError(`invalid PNG size ${width}x${height}`);

  const idat: Uint8Array[] = [];
  let offset = 8;
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = chunkType(bytes, offset + 4);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new CorruptPngError(`truncated PNG: chunk ${type} runs past the end of the file`);
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== view.getUint32(end - 4)) throw new CorruptPngError(`PNG chunk ${type}: CRC mismatch`);
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, end - 4));
    else if (type === 'IEND') {
      ended = true;
      break;
    } else if (type !== 'IHDR' && (bytes[offset + 4]! & 0x20) === 0) return null; // an unknown critical chunk: leave it to libpng
    offset = end;
  }
  if (!ended) throw new CorruptPngError('truncated PNG: no IEND chunk');
  if (idat.length === 0) throw new CorruptPngError('PNG has no image data (IDAT)');

  let raw: Buffer;
  try {
    raw = inflateSync(idat.length === 1 ? idat[0]! : Buffer.concat(idat));
  } catch (error) {
    throw new CorruptPngError(`PNG image data: ${(error as Error).message}`);
  }
  const stride = width + 1;
  if (raw.length !== stride * height) throw new CorruptPngError(`PNG image data has ${raw.length} bytes, expected ${stride * height} for ${width}x${height}`);
  unfilterInPlace(raw, width, height);
  // A buffer of its own, exactly the pixels (not a view of the larger inflated one), as sharp gave.
  return { width, height, data: new Uint8Array(raw.subarray(0, width * height)) };
}

/**
 * Reverses the PNG row filters (1 byte per pixel) and packs the rows: row y's filtered bytes start
 * at `y·(w+1) + 1`, its pixels end at `y·w`. Writing ascending never overwrites an unread byte
 * (the write position trails the read position by y + 1 bytes; the Up filter's 4-byte steps read
 * before they write).
 */
function unfilterInPlace(raw: Uint8Array, width: number, height: number): void {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let y = 0; y < height; y++) {
    const src = y * (width + 1) + 1;
    const dst = y * width;
    const up = dst - width; // the previous row, already packed (none for y = 0)
    const filter = raw[src - 1]!;
    if (filter === 0) {
      raw.copyWithin(dst, src, src + width);
    } else if (filter === 1) {
      let left = 0;
      for (let x = 0; x < width; x++) raw[dst + x] = left = (raw[src + x]! + left) & 255;
    } else if (filter === 2) {
      if (y === 0) raw.copyWithin(dst, src, src + width);
      else {
        // Four bytes per step: (a + b) mod 256 per byte, carries kept out of the top bit of each.
        let x = 0;
        for (; x + 4 <= width; x += 4) {
          const a = view.getUint32(src + x, true);
          const b = view.getUint32(up + x, true);
          view.setUint32(dst + x, ((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080), true);
        }
        for (; x < width; x++) raw[dst + x] = (raw[src + x]! + raw[up + x]!) & 255;
      }
    } else if (filter === 3) {
      let left = 0;
      if (y === 0) for (let x = 0; x < width; x++) raw[dst + x] = left = (raw[src + x]! + (left >> 1)) & 255;
      else for (let x = 0; x < width; x++) raw[dst + x] = left = (raw[src + x]! + ((left + raw[up + x]!) >> 1)) & 255;
    } else if (filter === 4) {
      if (y === 0) {
        let left = 0; // Paeth with no row above predicts the left byte
        for (let x = 0; x < width; x++) raw[dst + x] = left = (raw[src + x]! + left) & 255;
        continue;
      }
      let a = 0;
      let c = 0;
      for (let x = 0; x < width; x++) {
        const b = raw[up + x]!;
        const pa = b > c ? b - c : c - b; // |p − a| with p = a + b − c
        const pb = a > c ? a - c : c - a; // |p − b|
        const pc = a + b > 2 * c ? a + b - 2 * c : 2 * c - a - b; // |p − c|
        a = (raw[src + x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        raw[dst + x] = a;
        c = b;
      }
    } else {
      throw new CorruptPngError(`PNG row ${y} has an invalid filter type ${filter}`);
    }
  }
}
