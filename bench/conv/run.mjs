#!/usr/bin/env node
// bench/conv: 3×3 conv 256→256 on 60×60 (batch 1), dilation 1 / 2 / 4, forward and forward+backward,
// on cpu, wasm and tensorflow (each in its own process), and the same ops in Python TensorFlow
// in the same run. Prints a table and appends it to bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { isNativeBackendBuilt } from '@lip/runtime/node';

const here = new URL('.', import.meta.url).pathname;
const benchDir = join(here, '..');
const FLOP_FORWARD = 2 * 60 * 60 * 256 * 256 * 9;
const FLOP_BOTH = 3 * FLOP_FORWARD; // forward + input gradient + filter gradient

function measure(backend, reps, mode) {
  const run = spawnSync(process.execPath, [join(here, 'measure.mjs'), backend, String(reps), mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const line = run.stdout.trim().split('\n').pop();
  if (run.status !== 0 || !line?.startsWith('{')) {
    console.error(`bench/conv: ${backend} failed:\n${run.stderr.split('\n').slice(-8).join('\n')}`);
    return null;
  }
  return JSON.parse(line);
}

/** A Python with TensorFlow: LIP_BENCH_PYTHON, bench/.venv-tf, python3, or a new venv from the pip mirror. */
function findPythonTensorflow() {
  const candidates = [process.env.LIP_BENCH_PYTHON, join(benchDir, '.venv-tf/bin/python'), 'python3'].filter(Boolean);
  const hasTf = (py) => spawnSync(py, ['-c', 'import tensorflow'], { stdio: 'ignore', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } }).status === 0;
  for (const py of candidates) if ((py === 'python3' || existsSync(py)) && hasTf(py)) return py;
  console.log('bench/conv: no Python TensorFlow found; creating bench/.venv-tf with tensorflow_cpu==2.21.0 (pip)');
  const venv = join(benchDir, '.venv-tf');
  const ok = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status === 0 &&
    spawnSync(join(venv, 'bin/pip'), ['install', '--quiet', '--retries', '1', 'tensorflow_cpu==2.21.0'], { stdio: 'inherit' }).status === 0;
  return ok && hasTf(join(venv, 'bin/python')) ? join(venv, 'bin/python') : null;
}

function measurePython(reps) {
  const py = findPythonTensorflow();
  if (py == null) return null;
  const run = spawnSync(py, [join(here, 'conv_tf.py'), String(reps)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  const line = run.stdout.trim().split('\n').pop();
  if (run.status !== 0 || !line?.startsWith('{')) {
    console.error(`bench/conv: python-tf failed:\n${run.stderr.split('\n').slice(-8).join('\n')}`);
    return null;
  }
  return JSON.parse(line);
}

const reps = Number(process.env.LIP_BENCH_REPS ?? 7);
const cpuBackward = process.env.LIP_BENCH_CPU_BACKWARD === '1';
const runs = [];
console.log(`bench/conv: ${reps} timed runs per cell (medians); cpu ${cpuBackward ? 'with' : 'without'} backward (LIP_BENCH_CPU_BACKWARD=1 to include: tfjs-cpu's filter-gradient loop takes minutes here)`);
if (isNativeBackendBuilt()) runs.push(measure('tensorflow', reps, 'both'));
else console.log('bench/conv: tensorflow skipped (run `npx lip-runtime setup-native`)');
runs.push(measurePython(reps));
runs.push(measure('wasm', reps, 'both'));
runs.push(measure('cpu', Math.min(reps, 3), cpuBackward ? 'both' : 'forward-only'));
const ok = runs.filter(Boolean);

const fmt = (ms) => (ms == null ? '–' : ms.toFixed(1));
const gflops = (flop, ms) => (ms == null ? '–' : (flop / ms / 1e6).toFixed(1));
const byName = Object.fromEntries(ok.map((r) => [r.backend, r]));
const cell = (r, rate, key) => r?.results.find((x) => x.rate === rate)?.[key]?.medianMs;

const lines = [];
const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
lines.push(`\n### bench/conv — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpuModel}, Node ${process.version}${byName.tensorflow ? `, tfjs-node on TF ${byName.tensorflow.tfVersion}` : ''}${byName['python-tf'] ? `, Python TF ${byName['python-tf'].tfVersion}` : ''}`);
lines.push('');
lines.push(`3×3 conv 256→256 on 60×60, batch 1 (${(FLOP_FORWARD / 1e9).toFixed(2)} GFLOP forward, ×3 with backward). Median of ${reps} runs (cpu: ${Math.min(reps, 3)}).`);
lines.push('');
lines.push('| backend | dilation | forward ms | GFLOP/s | fwd+bwd ms | GFLOP/s | fwd+bwd ÷ fwd | ÷ Python TF (fwd / fwd+bwd) |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const r of ok) {
  for (const rate of [1, 2, 4]) {
    const f = cell(r, rate, 'forward');
    const b = cell(r, rate, 'forwardBackward');
    const pf = cell(byName['python-tf'], rate, 'forward');
    const pb = cell(byName['python-tf'], rate, 'forwardBackward');
    const vsPython = r.backend === 'python-tf' || pf == null ? '–' : `${(f / pf).toFixed(2)} / ${b == null ? '–' : (b / pb).toFixed(2)}`;
    lines.push(`| ${r.backend} | ${rate} | ${fmt(f)} | ${gflops(FLOP_FORWARD, f)} | ${fmt(b)} | ${gflops(FLOP_BOTH, b)} | ${b == null ? '–' : (b / f).toFixed(2)} | ${vsPython} |`);
  }
}
const table = lines.join('\n');
console.log(table);
const resultsFile = join(benchDir, 'RESULTS.md');
const heading = readFileSync(resultsFile, 'utf8').includes('\n## @lip/runtime') ? '' : '\n## @lip/runtime\n';
appendFileSync(resultsFile, `${heading}${table}\n`);
console.log('\nappended to bench/RESULTS.md');
