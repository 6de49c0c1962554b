import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random.js';
import { decodeLabelPng } from './decode-images.js';
import { CorruptPngError, decodeGrayscalePng } from './decode-grayscale-png.js';
import { PNG_SIGNATURE, pngChunk as chunk } from './png-chunk.js';


/** An 8-bit grayscale PNG whose row y uses filter `filters(y)` (0 none … 4 Paeth), per the PNG spec. */
function grayPng(width: number, height: number, data: Uint8Array, filters: (y: number) => number, idatParts = 1): Buffer {
  const raw = new Uint8Array((width + 1) * height);
  const at = (x: number, y: number): number => (x < 0 || y < 0 ? 0 : data[y * width + x]!);
  for (let y = 0; y < height; y++) {
    const f = filters(y);
    raw[y * (width + 1)] = f;
    for (let x = 0; x < width; x++) {
      const [v, a, b, c] = [at(x, y), at(x - 1, y), at(x, y - 1), at(x - 1, y - 1)];
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][f]!;
      raw[y * (width + 1) + 1 + x] = (v - predictor) & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  const z = deflateSync(raw);
  const step = Math.ceil(z.length / idatParts);
  const idat = Array.from({ length: idatParts }, (_, i) => chunk('IDAT', z.subarray(i * step, (i + 1) * step)));
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('tEXt', Buffer.from('a\0b')), ...idat, chunk('IEND', new Uint8Array(0))]);
}

function labelData(width: number, height: number, seed: number): Uint8Array {
  const r = new SeededRandom(seed);
  // Runs of classes with noise: every filter sees carries, wraps and ties.
  return Uint8Array.from({ length: width * height }, (_, i) => (r.chance(0.2) ? r.int(256) : ((i % width) >> 3) + ((i / width) >> 4)) & 255);
}

describe('decodeGrayscalePng', () => {
  it('reverses every row filter, across several IDAT chunks, as libpng does', async () => {
    const [width, height] = [37, 23];
    const data = labelData(width, height, 1);
    for (const [name, filters] of [['none', () => 0], ['sub', () => 1], ['up', () => 2], ['average', () => 3], ['paeth', () => 4], ['mixed', (y: number) => y % 5]] as const) {
      const png = grayPng(width, height, data, filters, 3);
      const fast = decodeGrayscalePng(png)!;
      expect([fast.width, fast.height], name).toEqual([width, height]);
      expect(Buffer.from(fast.data).equals(Buffer.from(data)), name).toBe(true);
      const viaSharp = await sharp(png).extractChannel(0).raw().toBuffer();
      expect(viaSharp.equals(Buffer.from(data)), `${name} (sharp)`).toBe(true);
    }
  });

  it('decodes libpng-written (adaptively filtered) grayscale PNGs like sharp', async () => {
    const [width, height] = [64, 48];
    const data = labelData(width, height, 2);
    const png = await sharp(data, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ adaptiveFiltering: true, compressionLevel: 9 }).toBuffer();
    expect(Buffer.from(decodeGrayscalePng(png)!.data).equals(Buffer.from(data))).toBe(true);
  });

  it('rejects CRC errors, truncation, bad zlib data and bad filters', async () => {
    const data = labelData(20, 10, 3);
    const png = grayPng(20, 10, data, (y) => y % 5);
    const idat = png.indexOf('IDAT');
    const flipped = Buffer.from(png);
    flipped[idat + 10] = flipped[idat + 10]! ^ 1;
    expect(() => decodeGrayscalePng(flipped)).toThrow(/PNG chunk IDAT: CRC mismatch/);
    expect(() => decodeGrayscalePng(png.subarray(0, png.length - 20))).toThrow(CorruptPngError);
    expect(() => decodeGrayscalePng(png.subarray(0, png.length - 12))).toThrow(/no IEND/);
    const badFilter = grayPng(20, 10, data, (y) => (y === 4 ? 0 : 1));
    const raw = new Uint8Array((20 + 1) * 10);
    raw[4 * 21] = 7;
    const withFilter7 = Buffer.concat([badFilter.subarray(0, 33), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
    expect(() => decodeGrayscalePng(withFilter7)).toThrow(/row 4 has an invalid filter type 7/);
    const short = Buffer.concat([badFilter.subarray(0, 33), chunk('IDAT', deflateSync(raw.subarray(0, 100))), chunk('IEND', new Uint8Array(0))]);
    expect(() => decodeGrayscalePng(short)).toThrow(/has 100 bytes, expected 210/);
    const notZlib = Buffer.concat([badFilter.subarray(0, 33), chunk('IDAT', Buffer.from('not zlib')), chunk('IEND', new Uint8Array(0))]);
    expect(() => decodeGrayscalePng(notZlib)).toThrow(/PNG image data/);
    await expect(decodeLabelPng(flipped, '/x/a.png', 'a')).rejects.toThrow(/id "a": corrupt or unreadable label PNG: PNG chunk IDAT: CRC mismatch/);
  });

  it('leaves every other kind of PNG to sharp (palette, colour, alpha, 16-bit, interlaced)', async () => {
    const [width, height] = [16, 12];
    const data = labelData(width, height, 4).map((v) => v % 20);
    const gray = (): Sharp => sharp(Buffer.from(data), { raw: { width, height, channels: 1 } }).toColourspace('b-w');
    const interlaced = await gray().png({ progressive: true }).toBuffer();
    const others = [
      interlaced,
      await gray().png({ palette: true }).toBuffer(),
      await sharp(Buffer.alloc(width * height * 3, 9), { raw: { width, height, channels: 3 } }).png().toBuffer(),
      await sharp(Buffer.alloc(width * height * 2, 9), { raw: { width, height, channels: 2 } }).png().toBuffer(),
      await gray().toColourspace('grey16').png().toBuffer(),
      Buffer.from('definitely not a png, but long enough to have a header'),
    ];
    for (const png of others) expect(decodeGrayscalePng(png)).toBeNull();
    // The interlaced grayscale label still decodes, through sharp.
    expect(Buffer.from((await decodeLabelPng(interlaced, '/x/i.png', 'i')).data).equals(Buffer.from(data))).toBe(true);
  });
});

describe('decodeGrayscalePng output', () => {
  it('owns an exactly sized buffer', () => {
    const data = labelData(21, 9, 5);
    const out = decodeGrayscalePng(grayPng(21, 9, data, (y) => y % 5))!;
    expect(out.data.byteOffset).toBe(0);
    expect(out.data.buffer.byteLength).toBe(21 * 9);
  });
});
