import { readFileSync } from 'node:fs';
import { decodeLabelPng, type DecodedLabelPng } from './label-png-decoder.js';

/** Reads and decodes a label PNG file (see `decodeLabelPng`); errors name the path. */
export function readLabelPng(path: string): DecodedLabelPng {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  return decodeLabelPng(bytes, path);
}
