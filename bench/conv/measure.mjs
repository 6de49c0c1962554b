// One backend, in its own process: times the benchmark convolutions and prints one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import { atrousConv2d, useBackend } from '@lip/runtime';

const [backend, repsArg, backwardArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 7);
const withBackward = backwardArg !== 'forward-only';
await useBackend(backend);

const SHAPE = { batch: 1, size: 60, channels: 256, kernel: 3 };
const x = tf.randomNormal([SHAPE.batch, SHAPE.size, SHAPE.size, SHAPE.channels], 0, 1, 'float32', 1);
const w = tf.randomNormal([SHAPE.kernel, SHAPE.kernel, SHAPE.channels, SHAPE.channels], 0, 0.05, 'float32', 2);
const dy = tf.randomNormal([SHAPE.batch, SHAPE.size, SHAPE.size, SHAPE.channels], 0, 1, 'float32', 3);

// Returns nothing from tidy (returning a large dataSync() array makes tidy itself slow).
function timeMedian(fn) {
  tf.tidy(() => { fn(); });
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    tf.tidy(() => {
      const out = fn();
      for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], runs: reps };
}

const results = [];
for (const rate of [1, 2, 4]) {
  const conv = (xi, wi) => atrousConv2d(xi, wi, { rate, padding: 'same' });
  const forward = timeMedian(() => conv(x, w));
  const both = withBackward
    ? timeMedian(() => tf.grads((xi, wi) => tf.sum(tf.mul(conv(xi, wi), dy)))([x, w]))
    : null;
  results.push({ rate, forward, forwardBackward: both });
}
const tfVersion = backend === 'tensorflow' ? tf.backend().binding?.TF_Version : undefined;
console.log(JSON.stringify({ backend, tfVersion, shape: SHAPE, results }));
