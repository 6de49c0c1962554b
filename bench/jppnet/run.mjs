#!/usr/bin/env node
// bench/jppnet: JPPNet-s2 at full size (ResNet-101 trunk, 2 refinement stages) on tfjs tensorflow and wasm
// against the same TF 1.x graph in Python TensorFlow (packages/jppnet/fixtures/jppnet_tf1.py) in the same run:
//   forward   — one 384×384 image at one scale, all 6 stage outputs;
//   inference — one 360×270 image through the whole test procedure (scales 384/288/480 + the mirrored copy,
//               fused parsing logits and pose heatmaps at the image size), i.e. 6 network passes.
// The Python checkpoint (random weights, ~490 MB) and expected outputs are generated on demand in
// $LIP_BENCH_JPPNET_DIR (default /tmp/lip-bench-jppnet); the tfjs side loads that checkpoint by variable name
// and is checked against Python's outputs. Needs the built @lip/jppnet. Appends to bench/jppnet/RESULTS.md.
// Rounds interleave Python and tfjs (each cell in a fresh process per round) so that both see the same load on a
// shared machine, and each ratio is paired within its round.
// Env: LIP_BENCH_ROUNDS (≥ 3), LIP_BENCH_REPS (timed runs per process, ≥ 1), LIP_BENCH_JPPNET_SCENARIOS
// (forward,inference), LIP_BENCH_JPPNET_SKIP (backend:scenario,…).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { isNativeBackendBuilt } from '@lip/runtime/node';
import { median } from '../median.mjs';

const here = new URL('.', import.meta.url).pathname;
const benchDir = join(here, '..');
const outdir = process.env.LIP_BENCH_JPPNET_DIR ?? '/tmp/lip-bench-jppnet';
const rounds = Math.max(3, Number(process.env.LIP_BENCH_ROUNDS ?? 3));
const reps = Math.max(1, Number(process.env.LIP_BENCH_REPS ?? 1));
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
let failed = false;
for (const scenario of scenarios) {
  const cells = [{ backend: 'python-tf', runs: [] }, ...backends.filter((b) => !skip.has(`${b}:${scenario}`)).map((backend) => ({ backend, runs: [] }))];
  for (let round = 0; round < rounds; round++) {
    console.log(`bench/jppnet: ${scenario}, round ${round + 1}/${rounds} (load average ${load()})`);
    for (const cell of cells) {
      const run = cell.backend === 'python-tf' ? runPython(['time', outdir, scenario, String(reps)], `python ${scenario}`) : runNode(cell.backend, scenario);
      failed ||= run == null;
      cell.runs.push(run);
    }
  }
  const python_ = cells[0];
  for (const cell of cells) {
    const ok = cell.runs.filter(Boolean);
    if (ok.length === 0) continue;
    rows.push({
      ...ok[ok.length - 1],
      medianMs: median(ok.map((r) => r.medianMs)),
      minMs: Math.min(...ok.map((r) => r.minMs)),
      ratio: median(cell.runs.map((r, i) => (r && python_.runs[i] ? r.medianMs / python_.runs[i].medianMs : null))),
      peakRssMb: Math.max(...ok.map((r) => r.peakRssMb)),
    });
  }
}
const loadAfter = load();

const titles = {
  forward: 'JPPNet-s2 forward, 384², one scale (6 stage outputs)',
  inference: 'JPPNet-s2 test procedure, 360×270 image: 3 scales × (image + mirror), fused',
};
const tfVersion = rows.find((r) => r.tfVersion)?.tfVersion;
const lines = [];
lines.push(`\n### bench/jppnet — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}${tfVersion ? `, TF ${tfVersion}` : ''}`);
lines.push('');
lines.push(`${rounds} rounds; in each round every cell runs in a fresh process (weights loaded, one warm-up run, then ${reps} timed run${reps > 1 ? 's' : ''}), Python and tfjs interleaved. Median over the rounds; the ratio is the median of the per-round ratios. Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}.`);
lines.push('');
lines.push('| scenario | backend | median ms | min ms | ÷ Python TF | peak RSS MB | max relative error vs Python |');
lines.push('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ratio = r.ratio == null ? '–' : r.ratio.toFixed(2);
  const err = r.backend === 'python-tf' ? `${r.selfCheck.toExponential(1)} (re-run)` : r.relativeError.toExponential(1);
  lines.push(`| ${titles[r.scenario]} | ${r.backend} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} | ${ratio} | ${r.peakRssMb.toFixed(0)} | ${err} |`);
}
const text = lines.join('\n');
console.log(text);
appendFileSync(join(here, 'RESULTS.md'), `${text}\n`);
process.exit(failed ? 1 : 0);
