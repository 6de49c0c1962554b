import sharp, { type Metadata } from 'sharp';
import type { LabelMap, RgbImage } from '../schema/image-types.js';
import { decodeGrayscalePng } from './decode-grayscale-png.js';
import { LipDatasetError } from './lip-dataset-error.js';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** Decodes a JPEG / PNG to 8-bit RGB (grey expanded, alpha dropped). Errors name the file and id. */
export async function decodeRgbImage(bytes: Buffer, file: string, id: string | null): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'warning' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    throw new LipDatasetError(file, id, `corrupt or unreadable image: ${reasonOf(error)}`);
  }
}

/**
 * The synchronous part of `decodeLabelPng`: the common 8-bit grayscale PNG decoded on node:zlib,
 * or null when the PNG needs sharp (other formats, and every rejection message about them).
 */
export function decodeLabelPngFast(bytes: Uint8Array, file: string, id: string | null): LabelMap | null {
  try {
    return decodeGrayscalePng(bytes);
  } catch (error) {
    throw new LipDatasetError(file, id, `corrupt or unreadable label PNG: ${reasonOf(error)}`);
  }
}

/**
 * Decodes a label PNG: it must be an 8-bit single-channel (grayscale) PNG whose values are class
 * ids. Palette and RGB PNGs are rejected (their pixel values are colours, not ids).
 */
export async function decodeLabelPng(bytes: Buffer, file: string, id: string | null): Promise<LabelMap> {
  const fast = decodeLabelPngFast(bytes, file, id);
  if (fast) return fast;
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: 'warning' }).metadata();
  } catch (error) {
    throw new LipDatasetError(file, id, `corrupt or unreadable label PNG: ${reasonOf(error)}`);
  }
  if (meta.format !== 'png') throw new LipDatasetError(file, id, `label is ${meta.format ?? 'an unknown format'}, expected an 8-bit grayscale PNG`);
  if (meta.isPalette) throw new LipDatasetError(file, id, 'label PNG uses a palette, expected 8-bit grayscale class ids');
  if ((meta.channels ?? 1) > 2) throw new LipDatasetError(file, id, `label PNG has ${meta.channels} channels (colour), expected 8-bit grayscale class ids`);
  if (meta.depth !== 'uchar') throw new LipDatasetError(file, id, `label PNG has ${meta.depth} samples, expected 8-bit`);
  try {
    const { data, info } = await sharp(bytes, { failOn: 'warning' }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    throw new LipDatasetError(file, id, `corrupt or unreadable label PNG: ${reasonOf(error)}`);
  }
}
