// One backend and one scenario, in its own process (so the peak RSS is the scenario's): prints one JSON line.
//   node measure.mjs <backend> <forward|inference> <reps> <outdir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@lip/runtime';
import { relativeError } from '@lip/runtime/testing';
import { createJppnet, inferJppnet } from '@lip/jppnet';
import { loadJppnetWeightsFile } from '@lip/jppnet/node';
import { readFloat32Array } from '../read-float32-array.mjs';
import { timeMedian } from '../time-median.mjs';
import { JPPNET_MEAN_BGR } from '@lip/schema';

const [backend, scenario, repsArg, outdir] = process.argv.slice(2);
const reps = Number(repsArg ?? 3);
await useBackend(backend);
const meta = JSON.parse(readFileSync(join(outdir, 'meta.json'), 'utf8'));

const readArray = (name) => readFloat32Array(outdir, name, meta.arrays[name].shape);

const result = { backend, scenario };
const jppnet = createJppnet();
const t0 = performance.now();
const report = await loadJppnetWeightsFile(jppnet, join(outdir, 'jppnet-s2.ckpt'));
result.loadWeightsMs = performance.now() - t0;
result.weightsLoaded = report.loaded.length;

let run;
if (scenario === 'forward') {
  const x = readArray('forward-input');
  run = () => jppnet.model.predict(x);
} else {
  // inferJppnet takes the RGB image; the Python input is BGR − mean.
  const rgb = tf.tidy(() => tf.reverse(tf.add(tf.squeeze(readArray('inference-input'), [0]), tf.tensor1d([...JPPNET_MEAN_BGR])), -1));
  run = () => {
    const { parsing, pose } = inferJppnet(jppnet, rgb);
    return [parsing, pose];
  };
}
// Warm-up (kernels, wasm/XNNPACK plans), kept for the error check.
const outputs = run();
const list = Array.isArray(outputs) ? outputs : [outputs];
result.relativeError = Math.max(...list.map((t, i) => relativeError(t.dataSync(), readArray(`${scenario}-output${i}`).dataSync())));
tf.dispose(list);
Object.assign(result, timeMedian(run, reps, { warmUp: false }), { peakRssMb: process.resourceUsage().maxRSS / 1024 });
console.log(JSON.stringify(result));
