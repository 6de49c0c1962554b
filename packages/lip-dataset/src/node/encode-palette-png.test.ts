import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LIP_PALETTE } from '../schema/lip-classes.js';
import { encodePalettePng } from './encode-palette-png.js';

/** The palette indices of an 8-bit indexed PNG with one IDAT chunk (this package's label readers want grayscale). */
function paletteIndices(png: Buffer): { width: number; height: number; indices: number[] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect(png[24]).toBe(8); // bit depth
  expect(png[25]).toBe(3); // colour type: indexed
  const idat = png.indexOf('IDAT', 0, 'latin1');
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  const indices: number[] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0); // filter None
    indices.push(...raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)));
  }
  return { width, height, indices };
}

describe('encodePalettePng', () => {
  const label = { width: 5, height: 3, data: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 19, 255, 0, 13]) };

  it('keeps the class ids as palette indices (255 included)', () => {
    expect(paletteIndices(encodePalettePng(label))).toEqual({ width: 5, height: 3, indices: Array.from(label.data) });
  });

  it('shows each class in its LIP colour, and ids beyond the palette in black', async () => {
    const { data, info } = await sharp(encodePalettePng(label)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    for (let p = 0; p < label.data.length; p++) {
      const id = label.data[p]!;
      const expected = id < 20 ? Array.from(LIP_PALETTE.subarray(id * 3, id * 3 + 3)) : [0, 0, 0];
      expect(Array.from(data.subarray(p * 3, p * 3 + 3)), `pixel ${p} (class ${id})`).toEqual(expected);
    }
  });

  it('names the mismatch when the data does not fill width x height', () => {
    expect(() => encodePalettePng({ width: 4, height: 4, data: new Uint8Array(15) })).toThrow(/encodePalettePng/);
  });
});
