// One backend and one scenario, in its own process (so the peak RSS is the scenario's): prints one JSON line.
//   node measure.mjs <backend> <pspnet|trunk|train> <reps> <outdir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { relativeError } from '@lip/runtime/testing';
import { createPspnet } from '@lip/pspnet';
import { loadPspnetWeightsFile } from '@lip/pspnet/node';
import { readFloat32Array } from '../read-float32-array.mjs';
import { timeMedian } from '../time-median.mjs';
import { useBenchBackend } from '../use-bench-backend.mjs';
import { makeTrainStep } from './train-step.mjs';

const [backend, scenario, repsArg, outdir] = process.argv.slice(2);
const reps = Number(repsArg ?? 3);
await useBenchBackend(backend);

const result = { backend, scenario };
if (scenario === 'pspnet' || scenario === 'trunk') {
  const meta = JSON.parse(readFileSync(join(outdir, 'meta.json'), 'utf8'));
  const readArray = (name) => readFloat32Array(outdir, name, meta.arrays[name].shape);
  const pspnet = createPspnet({ numClasses: meta.classes, inputSize: meta.size });
  const t0 = performance.now();
  const report = await loadPspnetWeightsFile(pspnet, join(outdir, 'pspnet473.h5'));
  result.loadWeightsMs = performance.now() - t0;
  result.weightsLoaded = report.loaded.length;
  const x = readArray('input');
  if (scenario === 'pspnet') {
    const probe = tfl.model({ inputs: pspnet.model.inputs, outputs: [pspnet.model.outputs[0], pspnet.model.getLayer('conv6').output] });
    const [probs, logits] = probe.predict(x);
    const expected = readArray('expected-probabilities');
    result.relativeError = {
      probabilities: relativeError(probs.dataSync(), expected.dataSync()),
      conv6: relativeError(logits.dataSync(), readArray('expected-conv6').dataSync()),
    };
    result.errorVsFloat64 = {
      probabilities: relativeError(probs.dataSync(), readArray('exact-probabilities').dataSync()),
      conv6: relativeError(logits.dataSync(), readArray('exact-conv6').dataSync()),
    };
    // What a user sees: the share of pixels whose arg-max label differs from Python's.
    result.labelMismatch = tf.tidy(() => tf.mean(tf.cast(tf.notEqual(tf.argMax(probs, -1), tf.argMax(expected, -1)), 'float32')).dataSync()[0]);
    tf.dispose([probs, logits, expected]);
    Object.assign(result, timeMedian(() => pspnet.model.predict(x), reps));
  } else {
    const features = pspnet.trunk.predict(x);
    result.relativeError = { trunk: relativeError(features.dataSync(), readArray('expected-trunk').dataSync()) };
    result.errorVsFloat64 = { trunk: relativeError(features.dataSync(), readArray('exact-trunk').dataSync()) };
    features.dispose();
    Object.assign(result, timeMedian(() => pspnet.trunk.predict(x), reps));
  }
} else if (scenario === 'train') {
  Object.assign(result, timeMedian(makeTrainStep(), reps));
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
result.peakRssMB = process.resourceUsage().maxRSS / 1024;
if (backend === 'tensorflow') result.tfVersion = tf.backend().binding?.TF_Version;
console.log(JSON.stringify(result));
