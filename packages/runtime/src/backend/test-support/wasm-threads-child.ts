// Child process of wasm-threads.test.ts: wasm initialises once per process, so each thread count gets its own.
//   node wasm-threads-child.mjs [threads]  → prints one JSON line, then must exit by itself (no argument: LIP_WASM_THREADS / default).
import * as tf from '@tensorflow/tfjs-core';
import { describeBackendChoice, useBackend } from '../../index.js';

const arg = process.argv[2];
const choice = await useBackend('wasm', arg == null ? {} : { wasmThreads: Number(arg) });
const conv = tf.conv2d(tf.randomNormal([2, 40, 40, 64], 0, 1, 'float32', 1) as tf.Tensor4D, tf.randomNormal([3, 3, 64, 96], 0, 1, 'float32', 2) as tf.Tensor4D, 1, 'same');
const product = tf.matMul(tf.randomNormal([300, 500], 0, 1, 'float32', 3) as tf.Tensor2D, tf.randomNormal([500, 400], 0, 1, 'float32', 4) as tf.Tensor2D);
const digest = (t: tf.Tensor) => Buffer.from(t.dataSync().buffer).toString('base64').slice(0, 64) + `…${t.size}`;
console.log(JSON.stringify({ threads: choice.threads, winograd: choice.winograd, description: describeBackendChoice(choice), conv: digest(conv), product: digest(product), convSum: tf.sum(conv).dataSync()[0] }));
