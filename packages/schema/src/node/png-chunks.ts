import { crc32 } from 'node:zlib';

/** The fields of a PNG's IHDR chunk. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grayscale, 2 RGB, 3 palette, 4 grayscale + alpha, 6 RGBA. */
  colorType: number;
  /** 0 none, 1 Adam7. */
  interlace: number;
}

/** A PNG's header and its compressed image data (all IDAT chunks, in order). */
export interface PngChunks {
  header: PngHeader;
  compressed: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const IHDR = 0x49484452;
const IDAT = 0x49444154;
const IEND = 0x49454e44;

/** Bit depths the PNG specification allows for each colour type. */
const ALLOWED_BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

function chunkName(type: number): string {
  return String.fromCharCode(type >>> 24, (type >>> 16) & 255, (type >>> 8) & 255, type & 255);
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * Splits a PNG file into its header and compressed image data, checking the signature, that every chunk lies
 * inside the file, every chunk's CRC, and the IHDR fields. Ancillary and unknown chunks are skipped (as Pillow
 * does). Error messages do not name the file: the caller adds it.
 */
export function readPngChunks(bytes: Uint8Array): PngChunks {
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new Error('not a PNG file (bad signature)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: PngHeader | null = null;
  const idat: Uint8Array[] = [];
  let idatEnded = false; // the image data must be consecutive IDAT chunks, as Pillow and libpng require
  let offset = SIGNATURE.length;
  for (;;) {
    if (offset + 12 > bytes.length) {
      throw new Error(`truncated PNG: the file ends at byte ${bytes.length}, ${idat.length ? 'before the IEND chunk' : 'before any image data'}`);
    }
    const length = view.getUint32(offset);
    const type = view.getUint32(offset + 4);
    const end = offset + 8 + length;
    if (length > 0x7fffffff || end + 4 > bytes.length) {
      throw new Error(`truncated PNG: the ${chunkName(type)} chunk at byte ${offset} has ${length} data bytes, but the file ends at byte ${bytes.length}`);
    }
    const stored = view.getUint32(end);
    const computed = crc32(bytes.subarray(offset + 4, end));
    if (stored !== computed) {
      throw new Error(`corrupt PNG: bad CRC in the ${chunkName(type)} chunk at byte ${offset} (stored ${hex(stored)}, computed ${hex(computed)})`);
    }
    if (header === null && type !== IHDR) throw new Error(`invalid PNG: the first chunk is ${chunkName(type)}, expected IHDR`);
    if (type === IHDR) {
      if (header !== null) throw new Error('invalid PNG: more than one IHDR chunk');
      if (length !== 13) throw new Error(`invalid PNG: the IHDR chunk has ${length} bytes, expected 13`);
      header = readHeader(view, offset + 8);
    } else if (type === IDAT) {
      if (idatEnded) throw new Error(`invalid PNG: the IDAT chunk at byte ${offset} does not follow the other IDAT chunks`);
      idat.push(bytes.subarray(offset + 8, end));
    } else if (type === IEND) {
      break;
    }
    if (type !== IDAT && idat.length > 0) idatEnded = true;
    offset = end + 4;
  }
  if (idat.length === 0) throw new Error('invalid PNG: no image data (no IDAT chunk)');
  return { header: header!, compressed: idat.length === 1 ? idat[0]! : Buffer.concat(idat) };
}

function readHeader(view: DataView, at: number): PngHeader {
  const header: PngHeader = {
    width: view.getUint32(at),
    height: view.getUint32(at + 4),
    bitDepth: view.getUint8(at + 8),
    colorType: view.getUint8(at + 9),
    interlace: view.getUint8(at + 12),
  };
  const { width, height, bitDepth, colorType, interlace } = header;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new Error(`invalid PNG: image size ${width}x${height} in IHDR`);
  }
  if (!ALLOWED_BIT_DEPTHS[colorType]?.includes(bitDepth)) {
    throw new Error(`invalid PNG: bit depth ${bitDepth} with colour type ${colorType}`);
  }
  if (view.getUint8(at + 10) !== 0 || view.getUint8(at + 11) !== 0) {
    throw new Error(`invalid PNG: unknown compression method ${view.getUint8(at + 10)} or filter method ${view.getUint8(at + 11)}`);
  }
  if (interlace > 1) throw new Error(`invalid PNG: unknown interlace method ${interlace}`);
  return header;
}
