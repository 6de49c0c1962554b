#!/usr/bin/env node
// bench/ssl-loss: loss value + gradient at SS-NAN's training size (batch 4, 320×320, 20 classes) for
// the @lip/ssl-loss losses, on cpu, wasm and tensorflow (each backend in its own process), and the
// SS-NAN loss graph (Keras formulas) in Python TensorFlow for a ratio. Prints a table; run
// `npm run build -w @lip/ssl-loss` first. LIP_BENCH_REPS (default 5) sets the timed runs per cell.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const SHAPE = { batch: 4, height: 320, width: 320, classes: 20 };
const WORKLOADS = [
  { name: 'maskedSoftmaxCrossEntropy', input: 'logits', note: 'JPPNet / caffe parsing CE' },
  { name: 'ohemCrossEntropy', input: 'probabilities', note: 'SS-NAN pretrain / finetune' },
  { name: 'ssnanSslLoss', input: 'probabilities', note: 'SS-NAN finetune_ssloss' },
  { name: 'caffeSslLoss', input: 'logits', note: 'caffe SSL (structure error from the same logits)' },
  { name: 'ssnanTrainingLoss:finetune_ssloss_withdeep', input: 'logits', note: 'SS-NAN step 3: softmax of 4 outputs, logits·0.85/0.9/0.95/1' },
];

/** A coarse person per image (head, torso, arms, pants, legs, shoes), bottom rows padded with 240 on odd images. */
function personLabels({ batch, height, width }) {
  const labels = new Int32Array(batch * height * width);
  const boxes = [[0, 1, 6, 10, 2], [1, 3, 6, 10, 13], [3, 7, 5, 11, 5], [3, 7, 3, 5, 14], [3, 7, 11, 13, 15], [7, 9, 5, 11, 9], [9, 11, 5, 8, 16], [9, 11, 8, 11, 17], [11, 12, 5, 8, 18], [11, 12, 8, 11, 19]];
  for (let b = 0; b < batch; b++) {
    const shift = b * 3;
    for (const [y0, y1, x0, x1, cls] of boxes) {
      for (let y = Math.floor((y0 * height) / 12); y < Math.floor((y1 * height) / 12); y++) {
        for (let x = Math.floor((x0 * width) / 16) + shift; x < Math.min(width, Math.floor((x1 * width) / 16) + shift); x++) labels[(b * height + y) * width + x] = cls;
      }
    }
    if (b % 2 === 1) labels.fill(240, (b * height + height - 40) * width, (b + 1) * height * width);
  }
  return labels;
}

/** Logits N(0, 2) plus 2.5 on the label's class (argmax mostly right, as in training); xorshift + Box-Muller, fixed seed. */
function biasedLogits(labels, { classes }) {
  const logits = new Float32Array(labels.length * classes);
  let state = 7;
  const uniform = () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return (state + 0.5) / 2 ** 32;
  };
  for (let i = 0; i < logits.length; i++) logits[i] = 2 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  labels.forEach((label, p) => { if (label < classes) logits[p * classes + label] += 2.5; });
  return logits;
}

async function measure(backend, reps, dataDir) {
  const tf = await import('@tensorflow/tfjs-core');
  const { useBackend } = await import('@lip/runtime');
  const ssl = { ...(await import('@lip/ssl-loss')), ...(await import('@lip/ssl-loss/training')) }; // /training: ssnanTrainingLoss, and it registers the training kernels and gradients
  await useBackend(backend);
  const { batch, height, width, classes } = SHAPE;
  const read = (name, Type) => { const b = readFileSync(join(dataDir, name)); return new Type(b.buffer, b.byteOffset, b.byteLength / Type.BYTES_PER_ELEMENT); };
  const labels = tf.tensor3d(read('labels.i32', Int32Array), [batch, height, width], 'int32');
  const logits = tf.tensor4d(read('logits.f32', Float32Array), [batch, height, width, classes]);
  const probabilities = tf.softmax(logits);
  const loss = {
    maskedSoftmaxCrossEntropy: (x) => ssl.maskedSoftmaxCrossEntropy(labels, x),
    ohemCrossEntropy: (x) => ssl.ohemCrossEntropy(labels, x, { from: 'probabilities' }),
    ssnanSslLoss: (x) => ssl.ssnanSslLoss(labels, x, { from: 'probabilities' }),
    caffeSslLoss: (x) => ssl.caffeSslLoss(labels, x),
    // four distinct outputs (identical ones would let Python TF's graph optimiser compute one)
    'ssnanTrainingLoss:finetune_ssloss_withdeep': (z) => {
      const [s05, s075, s1, nan] = [0.85, 0.9, 0.95, 1].map((f) => tf.softmax(tf.mul(z, f)));
      return ssl.ssnanTrainingLoss('finetune_ssloss_withdeep', labels, { nan, perScale: [s05, s075, s1] }, { from: 'probabilities' });
    },
  };
  const results = [];
  for (const w of WORKLOADS) {
    const x = w.input === 'logits' ? logits : probabilities;
    const step = () => {
      const t0 = performance.now();
      const value = tf.tidy(() => {
        const { value, grad } = tf.valueAndGrad(loss[w.name])(x);
        grad.dataSync();
        return value;
      });
      const v = value.dataSync()[0];
      value.dispose();
      return { ms: performance.now() - t0, value: v };
    };
    const warm = step();
    const before = tf.memory().numTensors;
    const times = [];
    for (let i = 0; i < reps; i++) times.push(step().ms);
    times.sort((a, b) => a - b);
    results.push({ name: w.name, medianMs: times[Math.floor(times.length / 2)], minMs: times[0], runs: reps, value: warm.value, tensorsLeaked: tf.memory().numTensors - before });
  }
  const tfVersion = backend === 'tensorflow' ? tf.backend().binding?.TF_Version : undefined;
  console.log(JSON.stringify({ backend, tfVersion, shape: SHAPE, results }));
}

function child(args, command = process.execPath) {
  const run = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  const line = run.stdout.trim().split('\n').pop();
  if (run.status !== 0 || !line?.startsWith('{')) {
    console.error(`bench/ssl-loss: ${args.join(' ')} failed:\n${run.stderr.split('\n').slice(-8).join('\n')}`);
    return null;
  }
  return JSON.parse(line);
}

function pythonWithTensorflow() {
  const candidates = [process.env.LIP_BENCH_PYTHON, join(here, '../.venv-tf/bin/python'), 'python3'].filter(Boolean);
  for (const py of candidates) {
    if ((py === 'python3' || existsSync(py)) && spawnSync(py, ['-c', 'import tensorflow'], { stdio: 'ignore', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } }).status === 0) return py;
  }
  return null;
}

if (process.argv[2] === '--measure') {
  await measure(process.argv[3], Number(process.argv[4]), process.argv[5]);
} else {
  const reps = Number(process.env.LIP_BENCH_REPS ?? 5);
  const { isNativeBackendBuilt } = await import('@lip/runtime/node');
  const backends = ['cpu', 'wasm', ...(isNativeBackendBuilt() ? ['tensorflow'] : [])];
  if (!backends.includes('tensorflow')) console.log('bench/ssl-loss: tensorflow skipped (run `npx lip-runtime setup-native`)');
  console.log(`bench/ssl-loss: batch ${SHAPE.batch}, ${SHAPE.height}×${SHAPE.width}, ${SHAPE.classes} classes; value + gradient; median of ${reps} runs after 1 warm-up`);
  // The same inputs for every process: labels and logits in a temporary folder.
  const dataDir = mkdtempSync(join(tmpdir(), 'lip-bench-ssl-loss-'));
  const labels = personLabels(SHAPE);
  writeFileSync(join(dataDir, 'labels.i32'), labels);
  writeFileSync(join(dataDir, 'logits.f32'), biasedLogits(labels, SHAPE));
  // tfjs-cpu takes tens of seconds per step here: at most 3 timed runs.
  const repsOf = (b) => (b === 'cpu' ? Math.min(reps, 3) : reps);
  const runs = backends.map((b) => child([new URL(import.meta.url).pathname, '--measure', b, String(repsOf(b)), dataDir])).filter(Boolean);
  const py = pythonWithTensorflow();
  const python = py ? child([join(here, 'ssl_loss_tf.py'), String(reps), dataDir], py) : null;
  rmSync(dataDir, { recursive: true, force: true });
  if (!py) console.log('bench/ssl-loss: no Python TensorFlow found; the reference column is empty');

  const byBackend = Object.fromEntries(runs.map((r) => [r.backend, r]));
  const cell = (backend, name) => byBackend[backend]?.results.find((r) => r.name === name);
  const ref = (name) => python?.results.find((r) => r.name === name)?.medianMs;
  const lines = [];
  lines.push(`\n### bench/ssl-loss — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}${byBackend.tensorflow ? `, tfjs-node on TF ${byBackend.tensorflow.tfVersion}` : ''}${python ? `, Python TF ${python.tfVersion}` : ''}`);
  lines.push('');
  lines.push(`Loss value + gradient w.r.t. the scores, batch ${SHAPE.batch}, ${SHAPE.height}×${SHAPE.width}×${SHAPE.classes}, median of ${reps} runs (cpu: ${repsOf('cpu')}) after one warm-up, ms. Python TF: the same formulas as a tf.function with GradientTape. Load average at start: ${loadavg()[0].toFixed(1)}.`);
  lines.push('');
  lines.push(`| loss | input | ${backends.join(' | ')} | Python TF | tensorflow ÷ Python |`);
  lines.push(`|---|---|${backends.map(() => '---').join('|')}|---|---|`);
  for (const w of WORKLOADS) {
    const ms = backends.map((b) => cell(b, w.name)?.medianMs);
    const p = ref(w.name);
    const tfjsNode = cell('tensorflow', w.name)?.medianMs;
    lines.push(`| ${w.name} (${w.note}) | ${w.input} | ${ms.map((m) => (m == null ? '–' : m.toFixed(0))).join(' | ')} | ${p == null ? '–' : p.toFixed(0)} | ${p && tfjsNode ? (tfjsNode / p).toFixed(2) : '–'} |`);
  }
  const leaks = runs.flatMap((r) => r.results.filter((x) => x.tensorsLeaked !== 0).map((x) => `${r.backend}/${x.name}: ${x.tensorsLeaked}`));
  lines.push('');
  lines.push(`Tensor count flat over the timed runs: ${leaks.length === 0 ? 'yes' : `no (${leaks.join(', ')})`}.`);
  const values = WORKLOADS.map((w) => `${w.name} ${[...backends.map((b) => cell(b, w.name)?.value), ref(w.name) == null ? undefined : python.results.find((r) => r.name === w.name).value].filter((v) => v != null).map((v) => v.toPrecision(6)).join(' / ')}`);
  lines.push(`Loss values (${backends.join(' / ')}${python ? ' / Python' : ''}): ${values.join('; ')}.`);
  console.log(lines.join('\n'));
}
