import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** `<dir>/<name>.bin` (raw little-endian float32, as the Python fixture scripts write it) as a tensor of `shape`. */
export function readFloat32Array(dir, name, shape) {
  const bytes = readFileSync(join(dir, `${name}.bin`));
  return tf.tensor(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), shape);
}
