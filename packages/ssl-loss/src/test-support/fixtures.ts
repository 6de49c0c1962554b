// Test-only: reads the committed numpy reference fixtures (fixtures/make_fixtures.py).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';

export interface FlatArray {
  shape: number[];
  data: number[];
}

export function loadFixture<T>(name: 'joints.json' | 'losses.json' | 'gradients.json'): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export function tensorOf<T extends tf.Tensor = tf.Tensor>(a: FlatArray, dtype: 'float32' | 'int32' = 'float32'): T {
  return tf.tensor(a.data, a.shape, dtype) as T;
}
