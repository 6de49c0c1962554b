import * as tf from '@tensorflow/tfjs-core';
import { isNativeBackendBuilt } from '../native/native-status.js';
import { useBackend, type BackendName } from '../backend/use-backend.js';

/**
 * Backends the parity tests run on: LIP_TEST_BACKENDS (comma list) if set, else cpu and wasm,
 * plus tensorflow when its addon has been built (`lip-runtime setup-native`).
 */
export function testBackends(): BackendName[] {
  const listed = process.env['LIP_TEST_BACKENDS'];
  if (listed) return listed.split(',').map((s) => s.trim()).filter(Boolean) as BackendName[];
  return isNativeBackendBuilt() ? ['cpu', 'wasm', 'tensorflow'] : ['cpu', 'wasm'];
}

/** Runs `fn` on `backend` and returns plain arrays, leaving no tensors behind. */
export async function onBackend<T>(backend: BackendName, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await useBackend(backend);
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const values = await Promise.all(list.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(list);
  return values;
}

/** max |a − b| / max |reference|: the relative error the tolerances are stated in. */
export function relativeError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (actual.length !== reference.length) throw new Error(`length ${actual.length} != ${reference.length}`);
  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - reference[i]!));
    scale = Math.max(scale, Math.abs(reference[i]!));
  }
  return scale === 0 ? maxDiff : maxDiff / scale;
}

/** Deterministic values in [-1, 1) so failures reproduce. */
export function seededTensor(shape: number[], seed: number): tf.Tensor {
  let state = seed >>> 0 || 1;
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    values[i] = (state / 2 ** 32) * 2 - 1;
  }
  return tf.tensor(values, shape);
}
