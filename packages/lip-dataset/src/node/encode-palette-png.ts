import { deflateSync } from 'node:zlib';
import { assertPixelCount, type LabelMap } from '../schema/image-types.js';
import { LIP_PALETTE } from '../schema/lip-classes.js';
import { PNG_SIGNATURE, pngChunk } from './png-chunk.js';

/**
 * An 8-bit indexed-colour PNG of a label map with the LIP palette (or `palette`, flat RGB): it shows in colour,
 * and its pixel values (palette indices) are still the class ids, so `decodeLabelPng`, `lip-metrics` and PIL's
 * `np.array(Image.open(f))` read the ids back. Values beyond the palette (e.g. 255) get black entries.
 */
export function encodePalettePng(label: LabelMap, palette: Readonly<Uint8Array> = LIP_PALETTE): Buffer {
  const { width, height, data } = label;
  assertPixelCount('encodePalettePng', data.length, width, height, 1);
  let max = 0;
  for (const v of data) if (v > max) max = v;
  const plte = new Uint8Array(Math.max(max + 1, palette.length / 3) * 3);
  plte.set(palette.subarray(0, Math.min(palette.length, plte.length)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: indexed
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1); // filter 0 per row
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('PLTE', plte),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}
