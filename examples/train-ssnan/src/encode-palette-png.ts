import { crc32, deflateSync } from 'node:zlib';
import { LIP_PALETTE, type LabelMap } from '@lip/dataset';

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * An 8-bit indexed-colour PNG of a label map with the LIP palette: it shows in colour, and its pixel values
 * (palette indices) are still the class ids, so `lip-metrics` and PIL's `np.array(Image.open(f))` read the
 * ids back. Values above the palette (e.g. 255) get black entries.
 */
export function encodePalettePng(label: LabelMap, palette: Uint8Array = LIP_PALETTE): Buffer {
  const { width, height, data } = label;
  if (data.length !== width * height) throw new RangeError(`encodePalettePng: ${data.length} values for ${width}x${height}`);
  let max = 0;
  for (const v of data) if (v > max) max = v;
  const entries = Math.max(max + 1, palette.length / 3);
  const plte = new Uint8Array(entries * 3);
  plte.set(palette.subarray(0, Math.min(palette.length, plte.length)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: indexed
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1); // filter 0 per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
