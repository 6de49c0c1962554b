// One backend, in its own process: times the benchmark convolutions and prints one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import { atrousConv2d, useBackend } from '@lip/runtime';
import '@lip/runtime/training'; // the wasm backprop kernels the gradients run on
import { timeMedian } from '../time-median.mjs';

const [backend, repsArg, backwardArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 7);
const withBackward = backwardArg !== 'forward-only';
await useBackend(backend);

const SHAPE = { batch: 1, size: 60, channels: 256, kernel: 3 };
const x = tf.randomNormal([SHAPE.batch, SHAPE.size, SHAPE.size, SHAPE.channels], 0, 1, 'float32', 1);
const w = tf.randomNormal([SHAPE.kernel, SHAPE.kernel, SHAPE.channels, SHAPE.channels], 0, 0.05, 'float32', 2);
const dy = tf.randomNormal([SHAPE.batch, SHAPE.size, SHAPE.size, SHAPE.channels], 0, 1, 'float32', 3);

const results = [];
for (const rate of [1, 2, 4]) {
  const conv = (xi, wi) => atrousConv2d(xi, wi, { rate, padding: 'same' });
  const forward = timeMedian(() => conv(x, w), reps);
  const both = withBackward
    ? timeMedian(() => tf.grads((xi, wi) => tf.sum(tf.mul(conv(xi, wi), dy)))([x, w]), reps)
    : null;
  results.push({ rate, forward, forwardBackward: both });
}
const tfVersion = backend === 'tensorflow' ? tf.backend().binding?.TF_Version : undefined;
console.log(JSON.stringify({ backend, tfVersion, shape: SHAPE, results }));
