import { decode } from 'fast-png';
import type { LabelMap } from '../label-map.js';

/**
 * Decodes an 8-bit single-channel label PNG (grayscale, or palette whose raw indices are the class ids)
 * into class ids. Never converts to RGB. `file` names the PNG in errors.
 */
export function decodeLabelPng(bytes: Uint8Array, file: string): LabelMap & { data: Uint8Array } {
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new Error(`${file}: not a readable PNG (${(error as Error).message})`);
  }
  if (png.channels !== 1 || png.depth !== 8 || !(png.data instanceof Uint8Array)) {
    const kind = png.palette ? 'palette' : png.channels === 1 ? 'grayscale' : `${png.channels}-channel`;
    throw new Error(
      `${file}: expected an 8-bit single-channel label PNG (grayscale or palette), got a ${png.depth}-bit ${kind} image`,
    );
  }
  return { data: png.data, width: png.width, height: png.height };
}
