#!/usr/bin/env node
// bench/lip-dataset: images/s of the SS-NAN training pipeline (decode JPEG + label PNG, random
// scale, pad/crop to 320, flip, mean; batches of 8) over LIP-sized images generated at run time,
// with 1 and 2 worker threads, against the same pipeline in Python (PIL / numpy / scipy).
// Run from the repository root after building: node bench/lip-dataset/run.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { SeededRandom } from '@lip/dataset';
import { openLipDataset, iterateBatches, encodeJpeg, encodeLabelPng, OFFICIAL_LAYOUT } from '@lip/dataset/node';
import { generateSyntheticSample } from '@lip/dataset/synthetic';

const IMAGES = Number(process.env.LIP_BENCH_IMAGES ?? 160);
const RUNS = Number(process.env.LIP_BENCH_RUNS ?? 3);
const BATCH = 8;
const repo = new URL('../..', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function makeDataset(root) {
  // LIP images are person crops of varied size (mostly 200–500 px a side): resize synthetic people.
  const random = new SeededRandom(1);
  const dir = join(root, OFFICIAL_LAYOUT.imagesDir('train'));
  const ldir = join(root, OFFICIAL_LAYOUT.labelsDir('train'));
  await mkdir(dir, { recursive: true });
  await mkdir(ldir, { recursive: true });
  const ids = [];
  for (let i = 0; i < IMAGES; i++) {
    const s = generateSyntheticSample(7, i, 256);
    const w = 200 + random.int(220);
    const h = 280 + random.int(220);
    const raw = (data, channels) => sharp(data, { raw: { width: 256, height: 256, channels } });
    const image = await raw(s.image.data, 3).resize(w, h, { fit: 'fill' }).raw().toBuffer();
    const label = await raw(s.label.data, 1).resize(w, h, { fit: 'fill', kernel: 'nearest' }).extractChannel(0).raw().toBuffer();
    const id = `${200000 + i}_1`;
    await writeFile(join(dir, `${id}.jpg`), await encodeJpeg({ width: w, height: h, data: image }, 90));
    await writeFile(join(ldir, `${id}.png`), await encodeLabelPng({ width: w, height: h, data: new Uint8Array(label) }));
    ids.push(id);
  }
  await writeFile(join(root, OFFICIAL_LAYOUT.idList('train')), `${ids.join('\n')}\n`);
  return ids;
}

async function nodeRun(root, workers, epoch) {
  const ds = await openLipDataset(root);
  const t0 = performance.now();
  let n = 0;
  for await (const batch of iterateBatches(ds, { pipeline: 'ssnan-train', batchSize: BATCH, seed: 3, epoch, workers, prefetch: 3 })) n += batch.ids.length;
  return n / ((performance.now() - t0) / 1000);
}

function findPython() {
  for (const py of [join(repo, '.venv-dataset/bin/python'), 'python3']) {
    const ok = spawnSync(py, ['-c', 'import numpy, PIL, scipy'], { encoding: 'utf8' });
    if (ok.status === 0) return py;
  }
  return null;
}

const root = await mkdtemp(join(tmpdir(), 'lip-bench-'));
try {
  console.log(`generating ${IMAGES} LIP-sized images…`);
  const ids = await makeDataset(root);
  const results = {};
  for (const workers of [0, 1, 2]) {
    await nodeRun(root, workers, 99); // warm-up
    const rates = [];
    for (let r = 0; r < RUNS; r++) rates.push(await nodeRun(root, workers, r));
    results[`node-${workers}`] = median(rates);
    console.log(`node, ${workers} worker thread(s): ${rates.map((x) => x.toFixed(1)).join(', ')} images/s`);
  }
  const py = findPython();
  if (py) {
    const files = ids.flatMap((id) => [join(root, OFFICIAL_LAYOUT.imagesDir('train'), `${id}.jpg`), join(root, OFFICIAL_LAYOUT.labelsDir('train'), `${id}.png`)]);
    const rates = [];
    for (let r = 0; r < RUNS; r++) {
      const out = spawnSync(py, [join(repo, 'bench/lip-dataset/ssnan_pipeline.py'), String(BATCH), String(r), ...files], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`python failed: ${out.stderr}`);
      const { images, seconds } = JSON.parse(out.stdout);
      rates.push(images / seconds);
    }
    results.python = median(rates);
    console.log(`python (PIL/numpy/scipy), 1 process: ${rates.map((x) => x.toFixed(1)).join(', ')} images/s`);
  } else {
    console.log('python with numpy, PIL and scipy not found: skipped');
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 10);
  const ratio = (k) => (results.python ? (results[k] / results.python).toFixed(2) : '–');
  const section = [
    `### bench/lip-dataset — ${date}, ${cpus().length} × ${cpu}, Node ${process.version}, sharp ${sharp.versions.sharp}`,
    '',
    `SS-NAN training pipeline (decode JPEG + PNG, random scale, pad/crop 320, flip, mean, batches of ${BATCH}) on ${IMAGES} images of 200–420 × 280–500 px. Median of ${RUNS} epochs.`,
    '',
    '| implementation | images/s | ÷ Python |',
    '|---|---|---|',
    `| @lip/dataset, main thread | ${results['node-0'].toFixed(1)} | ${ratio('node-0')} |`,
    `| @lip/dataset, 1 worker thread | ${results['node-1'].toFixed(1)} | ${ratio('node-1')} |`,
    `| @lip/dataset, 2 worker threads | ${results['node-2'].toFixed(1)} | ${ratio('node-2')} |`,
    results.python ? `| Python PIL/numpy/scipy, 1 process | ${results.python.toFixed(1)} | 1.00 |` : '| Python | not run | – |',
    '',
  ].join('\n');
  const file = join(repo, 'bench/RESULTS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  if (!text.includes('\n## @lip/dataset\n')) appendFileSync(file, `${text.endsWith('\n') ? '' : '\n'}\n## @lip/dataset\n\n${section}`);
  else {
    // Insert at the end of the @lip/dataset section (before the next "## " heading, if any).
    const start = text.indexOf('\n## @lip/dataset\n') + 1;
    const next = text.indexOf('\n## ', start + 3);
    const at = next === -1 ? text.length : next + 1;
    writeFileSync(file, `${text.slice(0, at).replace(/\n*$/, '\n\n')}${section}${next === -1 ? '' : `\n${text.slice(at)}`}`);
  }
  console.log(`\n${section}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
