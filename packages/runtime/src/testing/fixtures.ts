import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

/** An array as the fixture scripts write it: its little-endian float32 or int32 bytes in base64, and its shape. */
export interface EncodedArray {
  shape: number[];
  data: string;
}

/** An array as plain JSON numbers, and its shape. */
export interface FlatArray {
  shape: number[];
  data: number[];
}

/** A package's committed fixtures folder. */
export interface FixtureFolder {
  /** The absolute path of a file in it. */
  path(name: string): string;
  json<T>(name: string): T;
  bytes(name: string): Uint8Array;
}

/** The fixtures folder at `url`, e.g. `fixtureFolder(new URL('../../fixtures/', import.meta.url))`. */
export function fixtureFolder(url: URL): FixtureFolder {
  const dir = fileURLToPath(url);
  const path = (name: string): string => `${dir}${dir.endsWith('/') ? '' : '/'}${name}`;
  return {
    path,
    json: <T>(name: string): T => JSON.parse(readFileSync(path(name), 'utf8')) as T,
    bytes: (name: string): Uint8Array => new Uint8Array(readFileSync(path(name))),
  };
}

function decodedBytes(array: EncodedArray): ArrayBuffer {
  const bytes = Buffer.from(array.data, 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export function decodeFloat32(array: EncodedArray): Float32Array {
  return new Float32Array(decodedBytes(array));
}

export function decodeInt32(array: EncodedArray): Int32Array {
  return new Int32Array(decodedBytes(array));
}

/** A fixture array as a tensor of its shape: encoded arrays hold `dtype` bytes, flat ones plain numbers. */
export function fixtureTensor<T extends tf.Tensor = tf.Tensor>(array: EncodedArray | FlatArray, dtype: 'float32' | 'int32' = 'float32'): T {
  if (typeof array.data !== 'string') return tf.tensor(array.data, array.shape, dtype) as T;
  const values = dtype === 'int32' ? decodeInt32(array as EncodedArray) : decodeFloat32(array as EncodedArray);
  return tf.tensor(values, array.shape, dtype) as T;
}
