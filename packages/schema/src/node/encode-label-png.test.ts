import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LIP_PALETTE } from '../lip-classes.js';
import { decodeLabelPng } from './label-png-decoder.js';
import { encodeLabelPng, encodePalettePng } from './encode-label-png.js';

/** The PLTE entries of a PNG, as [r, g, b] triples. */
function paletteOf(png: Buffer): number[][] {
  const at = png.indexOf('PLTE', 0, 'latin1');
  const bytes = png.subarray(at + 4, at + 4 + png.readUInt32BE(at - 4));
  return Array.from({ length: bytes.length / 3 }, (_, i) => [...bytes.subarray(i * 3, i * 3 + 3)]);
}

describe('label PNG encoders', () => {
  const label = { width: 5, height: 3, data: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 19, 255, 0, 13]) };

  it('grayscale: 8-bit colour type 0, filter None, read back exactly', () => {
    const png = encodeLabelPng(label);
    expect([png[24], png[25]]).toEqual([8, 0]);
    const idat = png.indexOf('IDAT', 0, 'latin1');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect([raw[0], raw[6], raw[12]]).toEqual([0, 0, 0]);
    expect(decodeLabelPng(png)).toEqual(label);
    expect(encodeLabelPng(label).equals(png)).toBe(true);
  });

  it('palette: the indices are the class ids, the colours the LIP palette, beyond it black', () => {
    const png = encodePalettePng(label);
    expect([png[24], png[25]]).toEqual([8, 3]);
    expect(decodeLabelPng(png, 'palette.png')).toEqual(label);
    const palette = paletteOf(png);
    expect(palette.length).toBe(256);
    expect(palette.slice(0, 20)).toEqual(LIP_PALETTE.map((rgb) => [...rgb]));
    expect(palette[255]).toEqual([0, 0, 0]);
    expect(paletteOf(encodePalettePng({ width: 1, height: 1, data: new Uint8Array([3]) })).length).toBe(20);
  });

  it('names the mismatch when the data does not fill width x height', () => {
    expect(() => encodeLabelPng({ width: 4, height: 4, data: new Uint8Array(15) })).toThrow(/encodeLabelPng: data has 15 values, expected 16/);
    expect(() => encodePalettePng({ width: 4, height: 4, data: new Uint8Array(15) })).toThrow(/encodePalettePng/);
  });
});
