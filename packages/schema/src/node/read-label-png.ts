import { readFileSync } from 'node:fs';
import type { LabelMap } from '../label-map.js';
import { decodeLabelPng } from './label-png-decoder.js';

/** Reads and decodes a label PNG file (see `decodeLabelPng`); errors name the path. */
export function readLabelPng(path: string): LabelMap {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  return decodeLabelPng(bytes, path);
}
