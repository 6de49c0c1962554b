// Test-only: reads the fixtures written by fixtures/make_fixtures.py.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { JppnetConfig } from '../model/jppnet-config.js';

export interface EncodedArray {
  shape: number[];
  data: string;
}

type Variants = Record<'fused' | '100' | '075' | '050', EncodedArray>;

export interface JppnetFixture {
  config: JppnetConfig;
  checkpoint: string;
  /** TF variable name → shape (model variables only: no slots, no global_step). */
  variables: Record<string, number[]>;
  stages: { input: EncodedArray; parsing: EncodedArray[]; pose: EncodedArray[] };
  training: {
    inputSize: number;
    images: EncodedArray;
    labels: EncodedArray;
    heatmaps: EncodedArray;
    parsing: Variants[];
    pose: Variants[];
    parsingLoss: number;
    poseLoss: number;
  };
  inference: { inputSize: number; scales: number[]; input: EncodedArray; parsing: EncodedArray; pose: EncodedArray };
}

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function fixturePath(file: string): string {
  return `${fixturesDir}${file}`;
}

let cached: JppnetFixture | null = null;
export function readJppnetFixture(): JppnetFixture {
  cached ??= JSON.parse(readFileSync(fixturePath('jppnet-tiny.json'), 'utf8')) as JppnetFixture;
  return cached;
}

export function decode(array: EncodedArray): Float32Array {
  const bytes = Buffer.from(array.data, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function decodeInt32(array: EncodedArray): Int32Array {
  const bytes = Buffer.from(array.data, 'base64');
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function toTensor(array: EncodedArray): tf.Tensor {
  return tf.tensor(decode(array), array.shape);
}
