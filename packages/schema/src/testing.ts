// @lip/schema/testing: writes small PNGs for tests, including invalid ones (bad CRCs, any filter, colour type or bit
// depth), on node:zlib. Node only.
import { deflateSync } from 'node:zlib';
import { PNG_SIGNATURE, pngChunk as writeChunk } from './node/png-chunk.js';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** One chunk: length, type, data, CRC (`badCrc` stores a wrong one). */
export function pngChunk(type: string, data: Uint8Array, badCrc = false): Uint8Array {
  const chunk = writeChunk(type, data);
  if (badCrc) chunk[chunk.length - 1]! ^= 1;
  return chunk;
}

/** The PNG signature followed by the given chunks. */
export function pngFile(chunks: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat([PNG_SIGNATURE, ...chunks]);
}

export function ihdr(width: number, height: number, bitDepth: number, colorType: number, interlace = 0): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([bitDepth, colorType, 0, 0, interlace], 8);
  return pngChunk('IHDR', data);
}

export interface TestPngOptions {
  width: number;
  height: number;
  /** Packed samples, row after row (`ceil(width * channels * bitDepth / 8)` bytes per row). */
  data: Uint8Array;
  bitDepth?: number;
  colorType?: number;
  /** Palette colours (colour type 3). */
  palette?: readonly (readonly [number, number, number])[];
  /** Filter type of every row (the filter works on whole pixels of `ceil(channels * bitDepth / 8)` bytes). */
  filter?: number;
}

/** The filtered, uncompressed image data (non-interlaced). */
export function filteredImageData({ width, height, data, bitDepth = 8, colorType = 0, filter = 0 }: TestPngOptions): Uint8Array {
  const bitsPerPixel = CHANNELS[colorType]! * bitDepth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const out = new Uint8Array(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    const row = data.subarray(y * rowBytes, (y + 1) * rowBytes);
    const above = y > 0 ? data.subarray((y - 1) * rowBytes, y * rowBytes) : new Uint8Array(rowBytes);
    out[y * (rowBytes + 1)] = filter;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? row[x - bpp]! : 0;
      const b = above[x]!;
      const c = x >= bpp ? above[x - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter] ?? 0;
      out[y * (rowBytes + 1) + 1 + x] = (row[x]! - predictor) & 255;
    }
  }
  return out;
}

/** A valid non-interlaced PNG of the given samples. */
export function writeTestPng(options: TestPngOptions): Uint8Array {
  const { width, height, bitDepth = 8, colorType = 0, palette } = options;
  const chunks = [ihdr(width, height, bitDepth, colorType)];
  if (palette) chunks.push(pngChunk('PLTE', Uint8Array.from(palette.flat())));
  chunks.push(pngChunk('IDAT', deflateSync(filteredImageData(options))), pngChunk('IEND', new Uint8Array(0)));
  return pngFile(chunks);
}
