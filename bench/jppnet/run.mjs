#!/usr/bin/env node
// bench/jppnet: JPPNet-s2 at full size (ResNet-101 trunk, 2 refinement stages) on tfjs tensorflow and wasm
// against the same TF 1.x graph in Python TensorFlow (packages/jppnet/fixtures/jppnet_tf1.py) in the same run:
//   forward   — one 384×384 image at one scale, all 6 stage outputs;
//   inference — one 360×270 image through the whole test procedure (scales 384/288/480 + the mirrored copy,
//               fused parsing logits and pose heatmaps at the image size), i.e. 6 network passes.
// The Python checkpoint (random weights, ~490 MB) and expected outputs are generated on demand in
// $LIP_BENCH_JPPNET_DIR (default /tmp/lip-bench-jppnet); the tfjs side loads that checkpoint by variable name
// and is checked against Python's outputs. Needs the built @lip/jppnet. Appends to bench/jppnet/RESULTS.md.
// Env: LIP_BENCH_REPS (≥ 3), LIP_BENCH_JPPNET_SCENARIOS (forward,inference), LIP_BENCH_JPPNET_SKIP (backend:scenario,…).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { isNativeBackendBuilt } from '@lip/runtime/node';

const here = new URL('.', import.meta.url).pathname;
const benchDir = join(here, '..');
const outdir = process.env.LIP_BENCH_JPPNET_DIR ?? '/tmp/lip-bench-jppnet';
const reps = Math.max(3, Number(process.env.LIP_BENCH_REPS ?? 3));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function lastJsonLine(run, label) {
  const line = run.stdout.trim().split('\n').pop();
  if (run.status !== 0 || !line?.startsWith('{')) {
    console.error(`bench/jppnet: ${label} failed:\n${run.stderr.split('\n').slice(-12).join('\n')}`);
    return null;
  }
  return JSON.parse(line);
}

function findPythonTensorflow() {
  const candidates = [process.env.LIP_BENCH_PYTHON, join(benchDir, '.venv-tf/bin/python'), 'python3'].filter(Boolean);
  const hasTf = (py) => spawnSync(py, ['-c', 'import tensorflow'], { stdio: 'ignore', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } }).status === 0;
  return candidates.find((py) => (py === 'python3' || existsSync(py)) && hasTf(py)) ?? null;
}

const python = findPythonTensorflow();
if (python == null) {
  console.error('bench/jppnet: needs a Python with tensorflow (bench/.venv-tf)');
  process.exit(1);
}
const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' };
const spawn = (cmd, args, label) => lastJsonLine(spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env, maxBuffer: 1 << 26 }), label);
const runPython = (args, label) => spawn(python, [join(here, 'jppnet_tf.py'), ...args], label);
const runNode = (backend, scenario) => spawn(process.execPath, [join(here, 'measure.mjs'), backend, scenario, String(reps), outdir], `${backend} ${scenario}`);

const loadBefore = load();
if (!existsSync(join(outdir, 'meta.json'))) {
  console.log(`bench/jppnet: generating the Python checkpoint and outputs in ${outdir} (a few minutes)`);
  if (runPython(['make', outdir], 'python make') == null) process.exit(1);
}
const backends = isNativeBackendBuilt() ? ['tensorflow', 'wasm'] : ['wasm'];
const scenarios = (process.env.LIP_BENCH_JPPNET_SCENARIOS ?? 'forward,inference').split(',');
// Cells to leave out, e.g. LIP_BENCH_JPPNET_SKIP=wasm:inference (about half an hour on 2 busy cores).
const skip = new Set((process.env.LIP_BENCH_JPPNET_SKIP ?? '').split(',').filter(Boolean));
const rows = [];
for (const scenario of scenarios) {
  console.log(`bench/jppnet: ${scenario} (load average ${load()})`);
  rows.push(runPython(['time', outdir, scenario, String(reps)], `python ${scenario}`));
  for (const backend of backends) if (!skip.has(`${backend}:${scenario}`)) rows.push(runNode(backend, scenario));
}
const loadAfter = load();

const ok = rows.filter(Boolean);
const pythonRow = Object.fromEntries(ok.filter((r) => r.backend === 'python-tf').map((r) => [r.scenario, r]));
const titles = {
  forward: 'JPPNet-s2 forward, 384², one scale (6 stage outputs)',
  inference: 'JPPNet-s2 test procedure, 360×270 image: 3 scales × (image + mirror), fused',
};
const tfVersion = ok.find((r) => r.tfVersion)?.tfVersion;
const lines = [];
lines.push(`\n### bench/jppnet — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}${tfVersion ? `, TF ${tfVersion}` : ''}`);
lines.push('');
lines.push(`Median of ${reps} runs after one warm-up; each cell in its own process. Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}.`);
lines.push('');
lines.push('| scenario | backend | median ms | min ms | ÷ Python TF (median) | peak RSS MB | max relative error vs Python |');
lines.push('|---|---|---|---|---|---|---|');
for (const r of ok) {
  const py = pythonRow[r.scenario];
  const ratio = r.backend === 'python-tf' || py == null ? '1' : (r.medianMs / py.medianMs).toFixed(2);
  const err = r.backend === 'python-tf' ? `${r.selfCheck.toExponential(1)} (re-run)` : r.relativeError.toExponential(1);
  lines.push(`| ${titles[r.scenario]} | ${r.backend} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${ratio} | ${r.peakRssMb.toFixed(0)} | ${err} |`);
}
const text = lines.join('\n');
console.log(text);
appendFileSync(join(here, 'RESULTS.md'), `${text}\n`);
process.exit(rows.some((r) => r == null) ? 1 : 0);
