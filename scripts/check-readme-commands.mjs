#!/usr/bin/env node
// Runs the READMEs' commands as a new user would: in a fresh clone of this repository's HEAD (in a temporary
// folder), after the README's `npm install`, with the user's npm settings but none of this process' npm_config_*.
// Every command must exit 0 (npm run web: answer on 127.0.0.1:5180). What is not run here, and why:
// - `npm test` and `npx lip-runtime setup-native`: CI runs them in its own checkout (.ci/run);
// - commands on the LIP dataset or the authors' weights (data/lip, checkpoint/JPPNet-s2, *.h5): neither can be
//   downloaded here; their code paths are tested on the synthetic mini-LIP and on Keras/TensorFlow-written files;
// - `npm run pretrain` (about 45 min), `npm run bench` (benchmarks, not checks), the minutes-long training
//   recipes of examples/train-ssnan and examples/jppnet (their CLIs' tests run the same commands on smaller sets).
// LIP_KEEP_README_CHECK=1 keeps the clone.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './publishable-packages.mjs';

const clone = join(mkdtempSync(join(tmpdir(), 'lip-readme-')), 'lip-parsing');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
const log = (line) => console.log(`README commands: ${line}`);

function run(command, { from = 'README.md', check } = {}) {
  const started = performance.now();
  let output;
  try {
    output = execFileSync('bash', ['-c', command], { cwd: clone, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`${from}: \`${command}\` failed (exit ${error.status}) in a fresh clone:\n${(error.stdout ?? '').slice(-4000)}${(error.stderr ?? '').slice(-4000)}`);
  }
  check?.(output);
  log(`ok ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s  ${command}   (${from})`);
  return output;
}

function mustMatch(output, pattern) {
  if (!pattern.test(output)) throw new Error(`expected ${pattern} in:\n${output.slice(-2000)}`);
}

/** Starts a long-running command, waits for `url` to answer 200, then stops the command and everything it started. */
async function serves(command, url, from) {
  const started = performance.now();
  const child = spawn('bash', ['-c', command], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode != null) throw new Error(`${from}: \`${command}\` exited (${child.exitCode}) before serving ${url}:\n${output.slice(-4000)}`);
      const response = await fetch(url).catch(() => null);
      if (response?.ok && (await response.text()).includes('<')) break;
      if (i > 1200) throw new Error(`${from}: \`${command}\` did not serve ${url} within 10 min:\n${output.slice(-4000)}`);
      await new Promise((ok) => setTimeout(ok, 500));
    }
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  }
  log(`ok ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s  ${command} (served ${url})   (${from})`);
}

try {
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone], { stdio: 'inherit' });
  log(`fresh clone of ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim()} in ${clone}`);

  run('npm install --no-audit --no-fund');
  run('npx lip-runtime backends');
  run('npm start', {
    check: (output) => {
      if (!/mIoU/i.test(output)) throw new Error(`npm start printed no mIoU:\n${output.slice(-2000)}`);
    },
  });
  // The metrics CLI on npm start's predictions gives npm start's mIoU.
  const started = JSON.parse(readFileSync(join(clone, 'runs/quickstart/metrics.json'), 'utf8'));
  run(`npx lip-metrics parsing --pred runs/quickstart/predictions/labels --gt "$(ls -d runs/quickstart/data/mini-lip-192px-*)/TrainVal_parsing_annotations/TrainVal_parsing_annotations/val_segmentations" --json`, {
    from: 'packages/metrics/README.md',
    check: (output) => {
      const { meanIoU } = JSON.parse(output);
      if (Math.abs(meanIoU - started.meanIoU) > 1e-9) throw new Error(`lip-metrics says mIoU ${meanIoU}; npm start said ${started.meanIoU}`);
    },
  });
  run('npx lip-convert --from runs/quickstart/run --out web/ssnan-ours', { from: 'packages/convert/README.md' });
  run('npx lip-dataset synth --out data/mini-lip --train 400 --val 50 --size 128', { from: 'examples/train-ssnan/README.md' });
  run('npx lip-dataset make-labels-rev --root data/mini-lip --split train', { from: 'packages/lip-dataset/README.md' });
  run('npx lip-dataset contact-sheet --out sheet.png --count 12 --size 128', { from: 'packages/lip-dataset/README.md' });
  run('node examples/train-ssnan/dist/cli.js --help', { from: 'examples/train-ssnan/README.md' });
  run('node examples/jppnet/dist/cli.js --help', { from: 'examples/jppnet/README.md' });
  // The shipped JPPNet on its own val split, and the fine-tune recipe from it, shortened to 2 steps.
  const jppnet = 'node examples/jppnet/dist/cli.js';
  run('npx lip-dataset synth --out data/mini-lip-192 --train 2000 --val 50 --size 192 --seed 1', { from: 'examples/jppnet/README.md' });
  run(`${jppnet} evaluate-parsing --model models/jppnet-synthetic --dataset data/mini-lip-192`, { from: 'examples/jppnet/README.md', check: (o) => mustMatch(o, /mIoU \d/) });
  run(`${jppnet} evaluate-pose --model models/jppnet-synthetic --dataset data/mini-lip-192 --output runs/jppnet-synthetic-pose`, { from: 'examples/jppnet/README.md', check: (o) => mustMatch(o, /PCKh@0\.5/) });
  run(`${jppnet} train --dataset data/mini-lip-192 --weights models/jppnet-synthetic --run-dir runs/jppnet-finetune --backend wasm --batch 8 --steps-per-epoch 2 --optimizer adam --lr 1e-4 --bn batch --parsing-weight 10 --scales 1`, { from: 'examples/jppnet/README.md (2 steps)' });
  run(`${jppnet} evaluate-pose --model runs/jppnet-finetune --dataset data/mini-lip-192 --evalnum 5 --output runs/jppnet-finetune-pose`, { from: 'examples/jppnet/README.md (5 images)' });
  await serves('npm run web', 'http://127.0.0.1:5180/', 'README.md');
} finally {
  if (process.env.LIP_KEEP_README_CHECK !== '1') rmSync(join(clone, '..'), { recursive: true, force: true });
}
log('done');
