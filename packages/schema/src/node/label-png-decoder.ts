import { inflateSync } from 'node:zlib';
import type { LabelMap } from '../label-map.js';
import { ROW_REPEATS, type RowRepeatHint } from '../row-repeat-hints.js';
import { readPngChunks, type PngHeader } from './png-chunks.js';
import { unfilterRows } from './png-unfilter.js';

/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7_PASSES = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Above this many pixels a "label map" is a corrupt header, not an image worth allocating. */
const MAX_PIXELS = 2 ** 30;

/** One pass of the image data: a sub-image whose pixels go to (x0 + c * dx, y0 + r * dy). */
interface ImagePass {
  /** 1..7 for Adam7, 0 for a non-interlaced image. */
  number: number;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  columns: number;
  rows: number;
  rowBytes: number;
}

function imagePasses(header: PngHeader): ImagePass[] {
  const { width, height, bitDepth } = header;
  const rowBytesOf = (columns: number) => Math.ceil((columns * bitDepth) / 8);
  if (header.interlace === 0) return [{ number: 0, x0: 0, y0: 0, dx: 1, dy: 1, columns: width, rows: height, rowBytes: rowBytesOf(width) }];
  return ADAM7_PASSES.map(([x0, y0, dx, dy], index) => {
    const columns = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const rows = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    return { number: index + 1, x0, y0, dx, dy, columns, rows, rowBytes: rowBytesOf(columns) };
  }).filter((pass) => pass.columns > 0 && pass.rows > 0);
}

function describeFormat({ bitDepth, colorType }: PngHeader): string {
  const kind = colorType === 3 ? 'palette' : colorType === 0 ? 'grayscale' : `${{ 2: 3, 4: 2, 6: 4 }[colorType]}-channel`;
  return `a ${bitDepth}-bit ${kind} image`;
}

/**
 * Decodes label PNGs (8-bit grayscale, or palette with 1 to 8 bits, whose raw indices are the class ids; never
 * converted to RGB) on Node's built-in zlib. Keeps its output buffer between calls: the `data` returned by
 * `decode()` is overwritten by the next `decode()` of the same decoder.
 */
export class LabelPngDecoder {
  private labels = new Uint8Array(0);
  private packed = new Uint8Array(0);
  private repeats = new Uint8Array(0);

  /**
   * `rowRepeatHints`: attach to each result which rows repeat the row above (see row-repeat-hints.ts), for
   * callers that count the maps without modifying them.
   */
  constructor(private readonly options: { rowRepeatHints?: boolean } = {}) {}

  /** `file` names the PNG in error messages. */
  decode(bytes: Uint8Array, file: string): LabelMap & RowRepeatHint {
    const fail = (why: string) => new Error(`${file}: ${why}`);
    let header: PngHeader;
    let compressed: Uint8Array;
    try {
      ({ header, compressed } = readPngChunks(bytes));
    } catch (error) {
      throw fail((error as Error).message);
    }
    const { width, height, bitDepth, colorType } = header;
    // Grayscale below 8 bits is excluded too: Pillow scales 2- and 4-bit gray values to 0..255.
    if (!(colorType === 3 || (colorType === 0 && bitDepth === 8))) {
      throw fail(`expected an 8-bit single-channel label PNG (grayscale or palette), got ${describeFormat(header)}`);
    }
    if (width * height > MAX_PIXELS) throw fail(`${width}x${height} pixels is too large for a label map`);

    const passes = imagePasses(header);
    const expected = passes.reduce((sum, pass) => sum + pass.rows * (pass.rowBytes + 1), 0);
    let raw: Uint8Array;
    let rawHas128: boolean;
    try {
      // One output chunk of the expected size plus one byte, so zlib neither concatenates nor allocates twice.
      const inflated = inflateSync(compressed, { chunkSize: Math.max(64, expected + 1) });
      rawHas128 = inflated.indexOf(0x80) >= 0; // Buffer.indexOf is a native memchr
      raw = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length); // plain view: cheaper subarray()
    } catch (error) {
      throw fail(`corrupt PNG image data (zlib: ${(error as Error).message})`);
    }
    if (raw.length < expected) throw fail(`truncated PNG image data: ${raw.length} bytes after decompression, expected ${expected}`);

    const pixels = width * height;
    if (this.labels.length < pixels) this.labels = new Uint8Array(pixels);
    const labels = this.labels;
    const direct = bitDepth === 8 && header.interlace === 0;
    const hints = direct && this.options.rowRepeatHints === true;
    if (hints) {
      if (this.repeats.length < height) this.repeats = new Uint8Array(height);
      this.repeats.fill(0, 0, height);
    }
    let rawStart = 0;
    for (const pass of passes) {
      const target = direct ? labels : this.packedBuffer(pass.rows * pass.rowBytes);
      const badRow = unfilterRows(raw, rawStart, pass.rowBytes, pass.rows, target, 0, rawHas128, hints ? this.repeats : null);
      if (badRow >= 0) {
        const filter = raw[rawStart + badRow * (pass.rowBytes + 1)];
        throw fail(`corrupt PNG: unknown filter type ${filter} on row ${badRow}${pass.number ? ` of interlace pass ${pass.number}` : ''}`);
      }
      if (!direct) spreadPass(target, pass, bitDepth, labels, width);
      rawStart += pass.rows * (pass.rowBytes + 1);
    }
    const result: LabelMap & RowRepeatHint = { data: labels.subarray(0, pixels), width, height };
    if (hints) result[ROW_REPEATS] = this.repeats.subarray(0, height);
    return result;
  }

  private packedBuffer(size: number): Uint8Array {
    if (this.packed.length < size) this.packed = new Uint8Array(size);
    return this.packed;
  }
}

/** Unpacks a pass's rows (1, 2, 4 or 8 bits per pixel, most significant first) to their pixels of the image. */
function spreadPass(packed: Uint8Array, pass: ImagePass, bitDepth: number, labels: Uint8Array, width: number): void {
  const perByte = 8 / bitDepth;
  const mask = (1 << bitDepth) - 1;
  for (let r = 0; r < pass.rows; r++) {
    const rowAt = r * pass.rowBytes;
    let to = (pass.y0 + r * pass.dy) * width + pass.x0;
    for (let c = 0; c < pass.columns; c++, to += pass.dx) {
      const byte = packed[rowAt + Math.floor(c / perByte)]!;
      labels[to] = (byte >> (8 - bitDepth * ((c % perByte) + 1))) & mask;
    }
  }
}

/**
 * Decodes one label PNG (8-bit grayscale, or palette with 1 to 8 bits whose raw indices are the class ids; Adam7
 * interlacing supported) into a new array. Errors name `file`: not a PNG, truncated, bad CRC, corrupt data, or a
 * format that is not a single-channel label map (16-bit, RGB, alpha, grayscale below 8 bits).
 */
export function decodeLabelPng(bytes: Uint8Array, file = 'PNG'): LabelMap {
  return new LabelPngDecoder().decode(bytes, file);
}
