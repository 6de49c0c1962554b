import * as tf from '@tensorflow/tfjs-core';

/**
 * Times `fn` (which returns a tensor or a list of them) `reps` times, each run read back with dataSync() and
 * disposed; one untimed warm-up run first unless `warmUp` is false (the caller ran it). Nothing is returned
 * from tidy: returning large arrays makes tidy itself slow.
 */
export function timeMedian(fn, reps, { warmUp = true } = {}) {
  if (warmUp) tf.tidy(() => { fn(); });
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
