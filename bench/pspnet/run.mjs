#!/usr/bin/env node
// bench/pspnet: the full ResNet-101 PSPNet (473², 20 classes) forward and its trunk alone, on tfjs
// tensorflow and wasm against Python Keras 3 / TF on the same architecture and weights in the same run,
// plus one SGD step of a small configuration (ResNet-50, width ¼, 161², batch 2). Every cell runs in its
// own process and reports its peak RSS. The Python model and its .h5 (random weights, BN statistics
// calibrated) are generated on demand in $LIP_BENCH_PSPNET_DIR (default /tmp/lip-bench-pspnet); the
// tfjs side loads that file by name and is checked against Python's outputs.
// Needs `npm run build -w @lip/pspnet` (it imports the built package). Appends a table to bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { isNativeBackendBuilt } from '@lip/runtime/node';
import { median } from '../median.mjs';

const here = new URL('.', import.meta.url).pathname;
const benchDir = join(here, '..');
const outdir = process.env.LIP_BENCH_PSPNET_DIR ?? '/tmp/lip-bench-pspnet';
// Each cell runs once per round (after a warm-up run in its process); rounds interleave Python and tfjs so
// that both see the same load on a shared machine, and ratios are paired within a round.
const rounds = Math.max(3, Number(process.env.LIP_BENCH_ROUNDS ?? 3));
const reps = Math.max(1, Number(process.env.LIP_BENCH_REPS ?? 1));
// LIP_BENCH_SCENARIOS=train (comma list) runs a subset.
const SCENARIOS = ['pspnet', 'trunk', 'train'];
const scenarios = (process.env.LIP_BENCH_SCENARIOS ?? SCENARIOS.join(',')).split(',').map((s) => s.trim());
const unknown = scenarios.filter((s) => !SCENARIOS.includes(s));
if (unknown.length) throw new Error(`LIP_BENCH_SCENARIOS: unknown ${unknown.join(', ')}; expected some of ${SCENARIOS.join(', ')}`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function lastJsonLine(run, label) {
  const line = run.stdout.trim().split('\n').pop();
  if (run.status !== 0 || !line?.startsWith('{')) {
    console.error(`bench/pspnet: ${label} failed:\n${run.stderr.split('\n').slice(-10).join('\n')}`);
    return null;
  }
  return JSON.parse(line);
}

/** A Python with TensorFlow: LIP_BENCH_PYTHON, bench/.venv-tf, or python3. */
function findPythonTensorflow() {
  const candidates = [process.env.LIP_BENCH_PYTHON, join(benchDir, '.venv-tf/bin/python'), 'python3'].filter(Boolean);
  const hasTf = (py) => spawnSync(py, ['-c', 'import tensorflow, keras, h5py'], { stdio: 'ignore', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } }).status === 0;
  return candidates.find((py) => (py === 'python3' || existsSync(py)) && hasTf(py)) ?? null;
}

const python = findPythonTensorflow();
if (python == null) {
  console.error('bench/pspnet: needs a Python with tensorflow, keras 3 and h5py (bench/.venv-tf; see bench/conv/run.mjs to create it)');
  process.exit(1);
}
const pythonEnv = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' };
const runPython = (args, label, env = pythonEnv) =>
  lastJsonLine(spawnSync(python, [join(here, 'pspnet_tf.py'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env, maxBuffer: 1 << 26 }), label);
// A training step is short: time five of them per process.
const repsFor = (scenario) => (scenario === 'train' ? Math.max(reps, 5) : reps);
const runNode = (backend, scenario) =>
  lastJsonLine(spawnSync(process.execPath, [join(here, 'measure.mjs'), backend, scenario, String(repsFor(scenario)), outdir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 }), `${backend} ${scenario}`);

const loadBefore = load();
if (!existsSync(join(outdir, 'meta.json'))) {
  console.log(`bench/pspnet: generating the Python model and weights in ${outdir} (a few minutes)`);
  if (runPython(['make', outdir], 'python make') == null) process.exit(1);
}
const readMeta = () => JSON.parse(readFileSync(join(outdir, 'meta.json'), 'utf8'));
if (readMeta().pythonErrorVsFloat64 == null) {
  console.log('bench/pspnet: evaluating the model in float64 (the yardstick for every float32 implementation)');
  if (runPython(['exact', outdir], 'python exact') == null) process.exit(1);
}
const pythonErrorVsFloat64 = readMeta().pythonErrorVsFloat64;
// wasm-direct: wasm without @lip/runtime's Winograd 3×3 convolution, to show what it contributes in the same run.
const backends = [...(isNativeBackendBuilt() ? ['tensorflow'] : []), 'wasm', 'wasm-direct'];
if (!isNativeBackendBuilt()) console.log('bench/pspnet: tensorflow skipped (run `npx lip-runtime setup-native`)');

const rows = [];
for (const scenario of scenarios) {
  const cells = [{ backend: 'python-tf', runs: [] }, ...backends.map((backend) => ({ backend, runs: [] }))];
  for (let round = 0; round < rounds; round++) {
    console.log(`bench/pspnet: ${scenario}, round ${round + 1}/${rounds} (load average ${load()})`);
    for (const cell of cells) {
      cell.runs.push(cell.backend === 'python-tf' ? runPython(['time', outdir, scenario, String(repsFor(scenario))], `python ${scenario}`) : runNode(cell.backend, scenario));
    }
  }
  const python_ = cells[0];
  for (const cell of cells) {
    const ok = cell.runs.filter(Boolean);
    if (ok.length === 0) continue;
    const ratios = cell.runs.map((r, i) => (r && python_.runs[i] ? r.medianMs / python_.runs[i].medianMs : null));
    rows.push({
      ...ok[ok.length - 1],
      medianMs: median(ok.map((r) => r.medianMs)),
      minMs: Math.min(...ok.map((r) => r.minMs)),
      runs: ok.length * repsFor(scenario),
      ratio: median(ratios),
      peakRssMB: Math.max(...ok.map((r) => r.peakRssMB)),
      loadWeightsMs: median(ok.map((r) => r.loadWeightsMs)),
    });
  }
}
const loadAfter = load();

const ok = rows;
const titles = {
  pspnet: 'PSPNet ResNet-101, 473², forward',
  trunk: 'trunk alone (ResNet-101, OS 8), 473², forward',
  train: 'one SGD step, PSPNet ResNet-50 width ¼, 161², batch 2',
};
const listErrors = (errors) => (errors ? Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ') : '–');
const vsPython = (r) => (r.labelMismatch == null ? listErrors(r.relativeError)
  : `${listErrors(r.relativeError)}; arg-max labels differ at ${(100 * r.labelMismatch).toFixed(3)} % of pixels`);
const outputsOf = { pspnet: ['probabilities', 'conv6'], trunk: ['trunk'] };
const vsFloat64 = (r) => listErrors(r.backend === 'python-tf'
  ? outputsOf[r.scenario] && Object.fromEntries(outputsOf[r.scenario].map((k) => [k, pythonErrorVsFloat64[k]]))
  : r.errorVsFloat64);
const lines = [];
const tfVersion = ok.find((r) => r.tfVersion)?.tfVersion;
lines.push(`\n### bench/pspnet — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}${tfVersion ? `, TF ${tfVersion}` : ''}`);
lines.push('');
lines.push(`${rounds} rounds; in each round every cell runs in a fresh process (weights loaded, one warm-up run, then ${reps} timed forward${reps > 1 ? 's' : ''} or ${repsFor('train')} training steps), Python and tfjs interleaved. Median over the rounds; the ratio is the median of the per-round ratios. Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter} (other jobs shared the 2 cores).`);
lines.push('');
lines.push('| scenario | backend | median ms | min ms | ÷ Python TF | peak RSS MB | max relative error vs Python | max relative error vs float64 |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const r of ok) {
  const ratio = r.ratio == null ? '–' : r.ratio.toFixed(2);
  lines.push(`| ${titles[r.scenario]} | ${r.backend} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${ratio} | ${r.peakRssMB.toFixed(0)} | ${vsPython(r)} | ${vsFloat64(r)} |`);
}
lines.push(`\nwasm-direct is wasm with tfjs-wasm's own 3×3 convolution (\`wasmWinograd: false\`). "vs float64": the same model and input evaluated by Keras in float64 (random weights, BN statistics calibrated on one image); Python TF's row is its own float32 error.`);
const loadMs = ok.filter((r) => r.loadWeightsMs != null && r.backend !== 'python-tf').map((r) => `${r.backend} ${r.scenario} ${(r.loadWeightsMs / 1000).toFixed(1)} s`);
if (loadMs.length) lines.push(`Loading the 265 MB .h5 by name (h5wasm + loadWeightsByName): ${loadMs.join('; ')}.`);
const table = lines.join('\n');
console.log(table);
if (process.env.LIP_BENCH_WRITE_RESULTS !== '0') {
  const resultsFile = join(benchDir, 'RESULTS.md');
  const heading = readFileSync(resultsFile, 'utf8').includes('\n## @lip/pspnet') ? '' : '\n## @lip/pspnet\n';
  appendFileSync(resultsFile, `${heading}${table}\n`);
  console.log('\nappended to bench/RESULTS.md');
}
