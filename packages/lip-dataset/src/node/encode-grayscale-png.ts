import { deflateSync } from 'node:zlib';
import { assertPixelCount, type LabelMap } from '../schema/image-types.js';
import { PNG_SIGNATURE, pngChunk } from './png-chunk.js';

/**
 * Encodes a label map as an 8-bit grayscale PNG (colour type 0, filter 0 on every row, zlib level
 * 6): exactly the bytes of the label, no colour conversion, no palette; fast and reproducible.
 */
export function encodeGrayscalePng(label: LabelMap): Buffer {
  const { width, height, data } = label;
  assertPixelCount('encodeGrayscalePng', data.length, width, height, 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: grayscale
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw, { level: 6 })), pngChunk('IEND', Buffer.alloc(0))]);
}
