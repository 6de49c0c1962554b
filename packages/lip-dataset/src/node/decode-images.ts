import sharp from 'sharp';
import type { LabelMap, RgbImage } from '@lip/schema';
import { LabelPngDecoder } from '@lip/schema/node';
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
 * Decodes a label PNG with `@lip/schema/node`'s decoder: 8-bit grayscale, or palette whose indices are the class
 * ids (as `encodePalettePng` writes them and PIL reads them). Anything else (RGB, alpha, 16-bit, corrupt data) is
 * a `LipDatasetError` naming the file and id. The map is a new array the caller owns.
 */
export function decodeLabelPng(bytes: Uint8Array, file: string, id: string | null): LabelMap {
  let label: LabelMap;
  try {
    label = new LabelPngDecoder().decode(bytes, file);
  } catch (error) {
    throw new LipDatasetError(file, id, `corrupt or unreadable label PNG: ${reasonOf(error)}`);
  }
  return label;
}
