import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import expected from '../__fixtures__/label-pngs/expected.json' with { type: 'json' };
import { ROW_REPEATS, type RowRepeatHint } from '../row-repeat-hints.js';
import { decodeLabelPng, LabelPngDecoder } from './label-png-decoder.js';
import { readLabelPng } from './read-label-png.js';
import { filteredImageData, ihdr, pngChunk, pngFile, writeTestPng } from '../testing.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'label-pngs');

let seed = 11;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

/** A label map with runs (rows that repeat, so Up residuals are zero) and some noise. */
function labelMap(width: number, height: number, values = 20): Uint8Array {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    if (y > 0 && random() < 0.5) data.copyWithin(y * width, (y - 1) * width, y * width);
    else for (let x = 0; x < width; x++) data[y * width + x] = x > 0 && random() < 0.7 ? data[y * width + x - 1]! : Math.floor(random() * values);
    if (random() < 0.3) data[y * width + Math.floor(random() * width)] = Math.floor(random() * values);
  }
  return data;
}

const IEND = pngChunk('IEND', new Uint8Array(0));

describe('decodeLabelPng: agrees with Pillow', () => {
  const files = Object.entries(expected.files);

  it.each(files)('%s', (name, want) => {
    const png = decodeLabelPng(readFileSync(path.join(fixtures, `${name}.png`)), name);
    expect([png.width, png.height]).toEqual([want.width, want.height]);
    expect(Buffer.from(png.data).toString('base64')).toBe(want.data);
  });

  it('covers every filter type, interlacing, 1/2/4/8-bit palettes and split image data', () => {
    const names = files.map(([name]) => name);
    for (const filter of ['none', 'sub', 'up', 'average', 'paeth']) expect(names).toContain(`gray8-all-${filter}`);
    for (const depth of [1, 2, 4]) expect(names).toEqual(expect.arrayContaining([`palette${depth}-w13`, `palette${depth}-interlaced`]));
    expect(names).toEqual(expect.arrayContaining(['gray8-interlaced', 'gray8-three-idat-chunks', 'pillow-gray8', 'pillow-palette8']));
  });
});

describe('decodeLabelPng: round trips', () => {
  it('every filter type on sizes around the 4-byte word boundary', () => {
    for (let filter = 0; filter <= 4; filter++) {
      for (const width of [1, 2, 3, 4, 5, 7, 8, 9, 31, 64]) {
        for (const height of [1, 2, 5]) {
          // Paeth's tie-breaking matters most with few distinct values.
          const data = labelMap(width, height, [20, 256, 3][(width + height) % 3]);
          const png = decodeLabelPng(writeTestPng({ width, height, data, filter }), 'x.png');
          expect(png).toEqual({ width, height, data });
        }
      }
    }
  });

  it('Up residuals whose 8 bytes read as float64 -0 (a 0x80 byte) or NaN (0xff bytes) are not taken for zeros', () => {
    const width = 16;
    const rows = [new Uint8Array(width), new Uint8Array(width), new Uint8Array(width)];
    rows[1]![7] = 128; // residual bytes 00 00 00 00 00 00 00 80: float64 -0
    rows[2]![7] = 128;
    rows[2]!.fill(255, 8); // residual bytes ff x 8: NaN
    const data = Uint8Array.from(rows.flatMap((row) => [...row]));
    expect(decodeLabelPng(writeTestPng({ width, height: 3, data, filter: 2 })).data).toEqual(data);
    const noByte128 = data.map((v) => (v === 128 ? 3 : v)); // the float64 scan path
    expect(decodeLabelPng(writeTestPng({ width, height: 3, data: noByte128, filter: 2 })).data).toEqual(noByte128);
  });

  it('blocks of repeated rows of every length, and rows that differ only in their last bytes', () => {
    const width = 13; // one 8-byte group and 5 tail bytes per row
    for (const value of [5, 128]) {
      const rows: number[][] = [];
      const base = Array.from({ length: width }, (_, x) => (x < 6 ? 0 : value));
      for (const block of [1, 2, 3, 5, 8, 17]) {
        for (let r = 0; r < block; r++) rows.push(base);
        rows.push(base.map((v, x) => (x === width - 1 ? 9 : v))); // differs in the tail only
      }
      const data = Uint8Array.from(rows.flat());
      expect(decodeLabelPng(writeTestPng({ width, height: rows.length, data, filter: 2 })).data).toEqual(data);
    }
  });

  it('Sub and Paeth rows with long runs (filled natively) and short ones', () => {
    const width = 40;
    const rows = [
      Array.from({ length: width }, (_, x) => (x < 20 ? 3 : 7)),
      Array.from({ length: width }, (_, x) => (x < 20 ? 3 : x < 23 ? 1 : 7)),
      Array.from({ length: width }, (_, x) => (x < 9 ? 0 : x < 30 ? 3 : 255)),
      Array.from({ length: width }, (_, x) => (x % 10 < 5 ? 4 : 2)),
    ];
    const data = Uint8Array.from(rows.flat());
    for (const filter of [1, 4]) expect(decodeLabelPng(writeTestPng({ width, height: 4, data, filter })).data).toEqual(data);
  });

  it('palette PNGs give the raw indices, not colours', () => {
    const data = labelMap(23, 9);
    const palette = Array.from({ length: 256 }, (_, i) => [255 - i, i, 7] as const);
    expect(decodeLabelPng(writeTestPng({ width: 23, height: 9, data, colorType: 3, palette, filter: 2 })).data).toEqual(data);
  });

  it('a reused decoder overwrites its output; decodeLabelPng returns independent arrays', () => {
    const decoder = new LabelPngDecoder();
    const big = labelMap(30, 20);
    const small = labelMap(5, 3);
    const first = decoder.decode(writeTestPng({ width: 30, height: 20, data: big, filter: 2 }), 'big.png');
    expect(first.data).toEqual(big);
    expect(decoder.decode(writeTestPng({ width: 5, height: 3, data: small, filter: 1 }), 'small.png').data).toEqual(small);
    expect(decoder.decode(writeTestPng({ width: 30, height: 20, data: big, filter: 4 }), 'big.png').data).toEqual(big);
    const a = decodeLabelPng(writeTestPng({ width: 5, height: 3, data: small }));
    const b = decodeLabelPng(writeTestPng({ width: 5, height: 3, data: small }));
    expect(a.data.buffer).not.toBe(b.data.buffer);
  });
});

describe('LabelPngDecoder row-repeat hints (for the CLI)', () => {
  /** Every row flagged as repeating the row above does. */
  const expectExactHints = (png: ReturnType<LabelPngDecoder['decode']>, name: string) => {
    const hints = png[ROW_REPEATS]!;
    const { data, width } = png;
    for (let y = 1; y < png.height; y++) {
      if (hints[y]) expect(data.subarray(y * width, (y + 1) * width), `${name} row ${y}`).toEqual(data.subarray((y - 1) * width, y * width));
    }
    expect(hints[0]).toBe(0);
  };

  it('flags zero-residual Up rows and all-zero None rows after an all-zero row, and nothing else', () => {
    const width = 11;
    const zeros = new Array<number>(width).fill(0);
    const row = Array.from({ length: width }, (_, x) => x % 3);
    const other = row.map((v) => v + 1);
    const rows = [zeros, zeros, zeros, row, row, row, other, row, zeros, zeros];
    const filters = [0, 0, 0, 0, 2, 2, 2, 1, 0, 2];
    // Written with a chosen filter per row: concatenate single-row encodings' filtered data.
    const data = Uint8Array.from(rows.flat());
    const filtered = new Uint8Array(rows.length * (width + 1));
    rows.forEach((_, y) => {
      const two = filteredImageData({ width, height: 2, data: data.subarray(Math.max(0, y - 1) * width, (y + 1) * width), filter: filters[y]! });
      filtered.set(y === 0 ? filteredImageData({ width, height: 1, data: data.subarray(0, width), filter: filters[0]! }) : two.subarray(width + 1), y * (width + 1));
    });
    const png = pngFile([ihdr(width, rows.length, 8, 0), pngChunk('IDAT', deflateSync(filtered)), IEND]);
    const decoded = new LabelPngDecoder({ rowRepeatHints: true }).decode(png, 'hints.png');
    expect(decoded.data).toEqual(data);
    expect(Array.from(decoded[ROW_REPEATS]!)).toEqual([0, 1, 1, 0, 1, 1, 0, 0, 0, 1]);
    expect((decodeLabelPng(png) as RowRepeatHint)[ROW_REPEATS]).toBeUndefined(); // the public decoder attaches none
  });

  it('are exact on every fixture and round trip, with the buffers reused', () => {
    const decoder = new LabelPngDecoder({ rowRepeatHints: true });
    for (const name of Object.keys(expected.files)) {
      const png = decoder.decode(readFileSync(path.join(fixtures, `${name}.png`)), name);
      if (png[ROW_REPEATS]) expectExactHints(png, name);
    }
    for (let filter = 0; filter <= 4; filter++) {
      for (const [width, height] of [[1, 9], [7, 12], [64, 20]] as const) {
        const png = decoder.decode(writeTestPng({ width, height, data: labelMap(width, height), filter }), 'x.png');
        expectExactHints(png, `filter ${filter} ${width}x${height}`);
      }
    }
  });
});

describe('decodeLabelPng: errors name the file', () => {
  const width = 12;
  const height = 6;
  const good = writeTestPng({ width, height, data: labelMap(width, height), filter: 2 });
  const idatAt = 8 + 25; // signature, IHDR chunk
  const expectError = (bytes: Uint8Array, message: string | RegExp) => {
    expect(() => decodeLabelPng(bytes, 'dir/1001_2.png')).toThrow(message);
    expect(() => decodeLabelPng(bytes, 'dir/1001_2.png')).toThrow(/^dir\/1001_2\.png: /);
  };

  it('not a PNG', () => {
    expectError(Buffer.from('GIF89a, not a PNG at all'), 'dir/1001_2.png: not a PNG file (bad signature)');
    expectError(new Uint8Array(0), 'not a PNG file');
  });

  it('truncated files', () => {
    expectError(good.subarray(0, good.length - 30), /truncated PNG: the IDAT chunk at byte 33 has \d+ data bytes, but the file ends at byte/);
    expectError(good.subarray(0, good.length - 12), `truncated PNG: the file ends at byte ${good.length - 12}, before the IEND chunk`);
    expectError(good.subarray(0, idatAt), 'before any image data');
  });

  it('a CRC mismatch', () => {
    const bad = Uint8Array.from(good);
    bad[idatAt + 10]! ^= 0x40; // a data byte of the IDAT chunk
    expectError(bad, /corrupt PNG: bad CRC in the IDAT chunk at byte 33 \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/);
    const badHeader = Uint8Array.from(good);
    badHeader[8 + 8 + 3]! ^= 1; // the width, in IHDR
    expectError(badHeader, 'corrupt PNG: bad CRC in the IHDR chunk at byte 8');
  });

  it('corrupt or short compressed data (with valid CRCs)', () => {
    const data = filteredImageData({ width, height, data: labelMap(width, height) });
    const compressed = Uint8Array.from(deflateSync(data));
    compressed[compressed.length - 1]! ^= 0xff; // the Adler-32 checksum
    expectError(pngFile([ihdr(width, height, 8, 0), pngChunk('IDAT', compressed), IEND]), /corrupt PNG image data \(zlib: .+\)/);
    expectError(pngFile([ihdr(width, height, 8, 0), pngChunk('IDAT', Uint8Array.from([1, 2, 3, 4])), IEND]), 'corrupt PNG image data (zlib:');
    const short = deflateSync(data.subarray(0, data.length - width - 1)); // one row missing
    expectError(pngFile([ihdr(width, height, 8, 0), pngChunk('IDAT', short), IEND]), `truncated PNG image data: ${data.length - width - 1} bytes after decompression, expected ${data.length}`);
  });

  it('an unknown filter type', () => {
    const data = filteredImageData({ width, height, data: labelMap(width, height) });
    data[3 * (width + 1)] = 5;
    expectError(pngFile([ihdr(width, height, 8, 0), pngChunk('IDAT', deflateSync(data)), IEND]), 'corrupt PNG: unknown filter type 5 on row 3');
    // A 2x2 Adam7 image has passes 1 (1 pixel), 6 (1 pixel) and 7 (a row of 2); pass 6 gets filter 9.
    const interlaced = Uint8Array.from([0, 1, 9, 2, 0, 3, 4]);
    expectError(pngFile([ihdr(2, 2, 8, 0, 1), pngChunk('IDAT', deflateSync(interlaced)), IEND]), 'corrupt PNG: unknown filter type 9 on row 0 of interlace pass 6');
  });

  it('formats that are not single-channel label maps', () => {
    const message = (what: string) => `dir/1001_2.png: expected an 8-bit single-channel label PNG (grayscale or palette), got ${what}`;
    const sample = (bitDepth: number, colorType: number, channels: number) =>
      writeTestPng({ width: 3, height: 2, bitDepth, colorType, data: new Uint8Array(Math.ceil((3 * channels * bitDepth) / 8) * 2) });
    expectError(sample(16, 0, 1), message('a 16-bit grayscale image'));
    expectError(sample(8, 2, 3), message('a 8-bit 3-channel image'));
    expectError(sample(8, 4, 2), message('a 8-bit 2-channel image'));
    expectError(sample(16, 6, 4), message('a 16-bit 4-channel image'));
    expectError(sample(4, 0, 1), message('a 4-bit grayscale image'));
  });

  it('invalid structure', () => {
    const idat = pngChunk('IDAT', deflateSync(new Uint8Array(2 * 4)));
    expectError(pngFile([pngChunk('tEXt', new Uint8Array(2)), ihdr(3, 2, 8, 0), idat, IEND]), 'invalid PNG: the first chunk is tEXt, expected IHDR');
    expectError(pngFile([ihdr(3, 2, 3, 0), idat, IEND]), 'invalid PNG: bit depth 3 with colour type 0');
    expectError(pngFile([ihdr(0, 2, 8, 0), idat, IEND]), 'invalid PNG: image size 0x2 in IHDR');
    expectError(pngFile([ihdr(3, 2, 8, 0, 2), idat, IEND]), 'invalid PNG: unknown interlace method 2');
    expectError(pngFile([ihdr(3, 2, 8, 0), IEND]), 'invalid PNG: no image data (no IDAT chunk)');
    const [part1, part2] = [deflateSync(new Uint8Array(8)).subarray(0, 4), deflateSync(new Uint8Array(8)).subarray(4)];
    expectError(
      pngFile([ihdr(3, 2, 8, 0), pngChunk('IDAT', part1), pngChunk('tEXt', new Uint8Array(1)), pngChunk('IDAT', part2), IEND]),
      /invalid PNG: the IDAT chunk at byte \d+ does not follow the other IDAT chunks/,
    );
    expectError(pngFile([ihdr(100000, 100000, 8, 0), idat, IEND]), '100000x100000 pixels is too large for a label map');
  });

  it('readLabelPng reads a file, or names the missing path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lip-metrics-png-'));
    try {
      const data = labelMap(7, 4);
      writeFileSync(path.join(dir, 'a.png'), writeTestPng({ width: 7, height: 4, data, filter: 3 }));
      expect(readLabelPng(path.join(dir, 'a.png'))).toEqual({ width: 7, height: 4, data });
      expect(() => readLabelPng(path.join(dir, 'missing.png'))).toThrow(`cannot read ${path.join(dir, 'missing.png')}: ENOENT`);
      writeFileSync(path.join(dir, 'b.png'), 'not a png');
      expect(() => readLabelPng(path.join(dir, 'b.png'))).toThrow(`${path.join(dir, 'b.png')}: not a PNG file (bad signature)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
