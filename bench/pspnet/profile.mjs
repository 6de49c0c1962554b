#!/usr/bin/env node
// Where the time goes: one profiled forward of the ResNet-101 trunk or the whole PSPNet at 473² (random
// weights), or one training step of measure.mjs' small configuration, with kernel time summed per kernel and,
// for convolutions, per shape.
//   node bench/pspnet/profile.mjs [tensorflow|wasm|wasm-direct] [trunk|pspnet|train]
// wasm-direct is wasm without @lip/runtime's Winograd 3×3 convolution. Needs `npm run build -w @lip/pspnet`.
import * as tf from '@tensorflow/tfjs-core';
import { createPspnet } from '@lip/pspnet';
import { useBenchBackend } from '../use-bench-backend.mjs';
import { makeTrainStep } from './train-step.mjs';

const [backend = 'wasm', what = 'trunk'] = process.argv.slice(2);
if (!['trunk', 'pspnet', 'train'].includes(what)) throw new Error(`profile.mjs: expected trunk, pspnet or train, got ${what}`);
await useBenchBackend(backend);
let run;
if (what === 'train') {
  run = makeTrainStep();
} else {
  const pspnet = createPspnet({ numClasses: 20, inputSize: 473 });
  const model = what === 'trunk' ? pspnet.trunk : pspnet.model;
  const x = tf.randomUniform([1, 473, 473, 3], -120, 130);
  run = () => model.predict(x);
}
tf.dispose(run()); // warm-up

const t0 = performance.now();
const info = await tf.profile(() => tf.dispose(run()));
const wallMs = performance.now() - t0;

// tf.profile also lists op scopes (e.g. 'fusedConv2d__op'), whose time includes their kernels': count kernels only.
const kernels = info.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()) != null);
const rows = new Map();
for (const k of kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  const key = convolutionKey(k.name, k.inputShapes) ?? k.name;
  const row = rows.get(key) ?? { calls: 0, ms: 0 };
  row.calls++;
  row.ms += ms;
  rows.set(key, row);
}
/** Convolutions and their gradients by shape: filter, channels and the spatial size of the forward input. */
function convolutionKey(name, [first, second] = []) {
  if (first == null || second == null) return null;
  if (/Conv2D$/.test(name)) return `${name} ${second[0]}×${second[1]} ${second[2]}→${second[3]} at ${first[1]}×${first[2]}`;
  if (/Conv2DBackpropInput$/.test(name)) return `${name} ${second[0]}×${second[1]} ${second[2]}→${second[3]}, dy ${first[1]}×${first[2]}`;
  if (/Conv2DBackpropFilter$/.test(name)) return `${name} ${first[3]}→${second[3]} at ${first[1]}×${first[2]}`;
  return null;
}
const totalMs = [...rows.values()].reduce((sum, r) => sum + r.ms, 0);
console.log(`${what} on ${backend}: ${wallMs.toFixed(0)} ms profiled ${what === 'train' ? 'step' : 'forward'}, ${totalMs.toFixed(0)} ms in ${kernels.length} kernels`);
for (const [key, r] of [...rows].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`${r.ms.toFixed(0).padStart(7)} ms ${String(r.calls).padStart(4)}×  ${key}`);
}
