import { deflateSync } from 'node:zlib';
import { assertPixelCount, type LabelMap } from '../label-map.js';
import { LIP_PALETTE, paletteBytes, type Rgb } from '../lip-classes.js';
import { PNG_SIGNATURE, pngChunk } from './png-chunk.js';

function header(width: number, height: number, colorType: 0 | 3): Uint8Array {
  const bytes = new Uint8Array(13);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  bytes[8] = 8; // bit depth
  bytes[9] = colorType; // compression, filter method and interlace stay 0
  return bytes;
}

/** The rows of a label map, each behind filter byte 0 (None): exact bytes, reproducible output. */
function unfilteredRows({ width, height, data }: LabelMap): Uint8Array {
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return raw;
}

/**
 * A label map as an 8-bit grayscale PNG: the pixel values are the class ids, as in the LIP label folders.
 * zlib level 6, no colour conversion; the same map always gives the same bytes.
 */
export function encodeLabelPng(label: LabelMap): Buffer {
  assertPixelCount('encodeLabelPng', label.data.length, label.width, label.height, 1);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header(label.width, label.height, 0)),
    pngChunk('IDAT', deflateSync(unfilteredRows(label), { level: 6 })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A label map as an 8-bit palette PNG that shows in colour (`palette`, default `LIP_PALETTE`) while its pixel
 * values, the palette indices, are still the class ids: `decodeLabelPng`, `lip-metrics` and PIL's
 * `np.array(Image.open(f))` read the ids back. Values beyond the palette (e.g. 255) get black entries.
 */
export function encodePalettePng(label: LabelMap, palette: readonly Rgb[] = LIP_PALETTE): Buffer {
  const { width, height, data } = label;
  assertPixelCount('encodePalettePng', data.length, width, height, 1);
  let max = 0;
  for (const v of data) if (v > max) max = v;
  const entries = new Uint8Array(Math.max(max + 1, palette.length) * 3);
  entries.set(paletteBytes(palette.slice(0, entries.length / 3)));
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header(width, height, 3)),
    pngChunk('PLTE', entries),
    pngChunk('IDAT', deflateSync(unfilteredRows(label), { level: 9 })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}
