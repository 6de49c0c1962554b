// Test-only: reads the fixtures written by fixtures/make_fixtures.py.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

export interface EncodedArray {
  shape: number[];
  data: string;
}

export interface FixtureCase<Config = Record<string, unknown>> {
  config: Config;
  weights: string;
  input: EncodedArray;
  outputs: Array<EncodedArray & { name: string }>;
  /** Keras weight path ('layer/role') → shape, in the Python model's order. */
  weightShapes: Record<string, number[]>;
  featureSize?: [number, number];
  poolKernels?: Record<string, [number, number]>;
}

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function fixturePath(file: string): string {
  return `${fixturesDir}${file}`;
}

export function readFixtureJson<T>(file: string): T {
  return JSON.parse(readFileSync(fixturePath(file), 'utf8')) as T;
}

export function readCase<Config = Record<string, unknown>>(name: string): FixtureCase<Config> {
  return readFixtureJson<FixtureCase<Config>>(`${name}.json`);
}

export function decode(array: EncodedArray): Float32Array {
  const bytes = Buffer.from(array.data, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function toTensor(array: EncodedArray): tf.Tensor {
  return tf.tensor(decode(array), array.shape);
}
