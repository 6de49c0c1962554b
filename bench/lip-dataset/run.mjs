#!/usr/bin/env node
// bench/lip-dataset: images/s of the SS-NAN training pipeline (decode JPEG + label PNG, random
// scale, pad/crop to 320, flip, mean; batches of 8) over LIP-sized images generated at run time:
// @lip/dataset on the main thread and with 1 and 2 worker threads (one loader per setting, kept
// alive across epochs, as a training loop does), against the same pipeline in Python (PIL / numpy /
// scipy) in 1 and 2 processes, replaying the very same decisions (scale, crop, flip) in the same
// order. Rounds alternate the settings so that every setting sees the same machine load.
// Run from the repository root after building @lip/dataset: node bench/lip-dataset/run.mjs
// Environment: LIP_BENCH_IMAGES (320), LIP_BENCH_RUNS (5), LIP_BENCH_WRITE_RESULTS=0 to skip RESULTS.md.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openLipDataset, createBatchLoader, encodeJpeg, OFFICIAL_LAYOUT } from '@lip/dataset/node';
import { generateSyntheticSample } from '@lip/dataset/synthetic';
import { SeededRandom, SSNAN_MEAN_RGB } from '@lip/schema';

const IMAGES = Number(process.env.LIP_BENCH_IMAGES ?? 320);
const RUNS = Number(process.env.LIP_BENCH_RUNS ?? 5);
const BATCH = 8;
const SIZE = 320;
const SEED = 3;
const WARMUP_EPOCH = 1000;
const repo = new URL('../..', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function makeDataset(root) {
  // LIP images are person crops of varied size (mostly 200–500 px a side): resize synthetic people.
  // Labels are written by libpng with adaptive filtering, like the PNGs of the LIP download.
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
    const png = await sharp(label, { raw: { width: w, height: h, channels: 1 } }).toColourspace('b-w').png({ adaptiveFiltering: true }).toBuffer();
    await writeFile(join(ldir, `${id}.png`), png);
    ids.push(id);
  }
  await writeFile(join(root, OFFICIAL_LAYOUT.idList('train')), `${ids.join('\n')}\n`);
}

function md5(batch) {
  const h = createHash('md5');
  for (const key of ['images', 'labels']) {
    const a = batch.arrays[key];
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return h.digest('hex');
}

/** One epoch through a loader: images/s, CPU ms per image (all threads), and the batches' decisions. */
async function nodeEpoch(loader, epoch) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  let firstHash = null;
  const batches = [];
  for await (const batch of loader.epoch(epoch)) {
    n += batch.ids.length;
    firstHash ??= md5(batch);
    batches.push(batch.ids.map((id, i) => ({ id, decisions: batch.meta[i].decisions })));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { rate: n / seconds, cpuMsPerImage: (cpu.user + cpu.system) / 1000 / n, batches, firstHash };
}

function pythonBatches(ds, batches) {
  return batches.map((batch) =>
    batch.map(({ id, decisions: d }) => [ds.imagePath(id), ds.labelPath(id), d.scaledWidth, d.scaledHeight, d.cropX, d.cropY, d.padLeft, d.padTop, d.flip]),
  );
}

function findPython() {
  for (const py of [join(repo, '.venv-dataset/bin/python'), join(repo, 'bench/.venv-tf/bin/python'), 'python3']) {
    const ok = spawnSync(py, ['-c', 'import numpy, PIL, scipy'], { encoding: 'utf8' });
    if (ok.status === 0) return py;
  }
  return null;
}

function pythonVersions(py) {
  const out = spawnSync(py, ['-c', 'import sys, numpy, PIL, scipy; print(sys.version.split()[0], numpy.__version__, PIL.__version__, scipy.__version__)'], { encoding: 'utf8' });
  const [python, numpy, pillow, scipy] = out.stdout.trim().split(' ');
  return `Python ${python}, numpy ${numpy}, Pillow ${pillow}, scipy ${scipy}`;
}

function pythonEpoch(py, specFile, processes) {
  const out = spawnSync(py, [join(repo, 'bench/lip-dataset/ssnan_pipeline.py'), specFile, String(processes)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error(`python failed: ${out.stderr}`);
  const r = JSON.parse(out.stdout.trim().split('\n').pop());
  return { rate: r.images / r.seconds, cpuMsPerImage: (r.cpuSeconds * 1000) / r.images, firstHash: r.firstHash };
}

const root = await mkdtemp(join(tmpdir(), 'lip-bench-'));
try {
  console.log(`generating ${IMAGES} LIP-sized images…`);
  await makeDataset(root);
  const loadBefore = load();
  const ds = await openLipDataset(root);
  const settings = [
    { key: 'node-0', label: '@lip/dataset, main thread (`workers: 0`)', workers: 0 },
    { key: 'node-1', label: '@lip/dataset, 1 worker thread', workers: 1 },
    { key: 'node-2', label: '@lip/dataset, 2 worker threads', workers: 2 },
  ];
  const loaders = Object.fromEntries(settings.map((s) => [s.key, createBatchLoader(ds, { pipeline: 'ssnan-train', batchSize: BATCH, seed: SEED, workers: s.workers })]));
  const warm = {};
  for (const s of settings) warm[s.key] = await nodeEpoch(loaders[s.key], WARMUP_EPOCH);
  const py = findPython();
  const results = Object.fromEntries([...settings.map((s) => s.key), 'py-1', 'py-2'].map((k) => [k, []]));
  // Paired ratios: each Node setting against Python in the same round (the load drifts between rounds).
  const ratios = {};
  let sameOutput = true;
  for (let r = 0; r < RUNS; r++) {
    // Epoch r's batches (ids and decisions) for Python come from the main-thread run, done first.
    const round = { 'node-0': await nodeEpoch(loaders['node-0'], r) };
    const specFile = join(root, `epoch-${r}.json`);
    if (py) {
      const spec = { size: SIZE, mean: SSNAN_MEAN_RGB, warmup: pythonBatches(ds, warm['node-0'].batches.slice(0, 4)), timed: [pythonBatches(ds, round['node-0'].batches)] };
      writeFileSync(specFile, JSON.stringify(spec));
    }
    // The other settings in an order that rotates every round.
    const rest = ['node-1', 'node-2', ...(py ? ['py-1', 'py-2'] : [])];
    for (let i = 0; i < rest.length; i++) {
      const key = rest[(i + r) % rest.length];
      if (key.startsWith('node')) round[key] = await nodeEpoch(loaders[key], r);
      else round[key] = pythonEpoch(py, specFile, Number(key.slice(3)));
    }
    for (const key of Object.keys(round)) results[key].push(round[key]);
    if (new Set(settings.map((s) => round[s.key].firstHash)).size !== 1) throw new Error(`epoch ${r}: the settings gave different batches`);
    if (py) {
      for (const p of ['py-1', 'py-2']) if (round[p].firstHash !== round['node-0'].firstHash) sameOutput = false;
      for (const key of Object.keys(round)) for (const p of ['py-1', 'py-2']) (ratios[`${key}/${p}`] ??= []).push(round[key].rate / round[p].rate);
    }
    console.log(`round ${r + 1}/${RUNS} (load ${load()}): ${Object.keys(results).filter((k) => round[k]).map((k) => `${k} ${round[k].rate.toFixed(1)}/s`).join(', ')}`);
  }
  await Promise.all(Object.values(loaders).map((l) => l.close()));
  const loadAfter = load();

  const med = (key, field) => median(results[key].map((x) => x[field]));
  const rows = [...settings.map((s) => [s.key, s.label]), ...(py ? [['py-1', 'Python PIL/numpy/scipy, 1 process'], ['py-2', 'Python PIL/numpy/scipy, 2 processes (multiprocessing.Pool)']] : [])];
  const ratio = (key, ref) => {
    if (!py) return '–';
    if (key === ref) return '1';
    const xs = ratios[`${key}/${ref}`];
    return `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  };
  const perCpuSecond = (key) => 1000 / med(key, 'cpuMsPerImage');
  const table = [
    '| setting | images/s (median) | CPU ms / image | images per CPU-second | ÷ Python 1 process, same round: median (range) | ÷ Python 2 processes, same round |',
    '|---|---|---|---|---|---|',
    ...rows.map(([key, label]) => `| ${label} | ${med(key, 'rate').toFixed(1)} | ${med(key, 'cpuMsPerImage').toFixed(2)} | ${perCpuSecond(key).toFixed(0)} | ${ratio(key, 'py-1')} | ${ratio(key, 'py-2')} |`),
  ];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    `### bench/lip-dataset — ${date}, ${cpus().length} × ${cpu}, Node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips})${py ? `, ${pythonVersions(py)}` : ''}`,
    '',
    `SS-NAN training pipeline (decode JPEG + label PNG, random scale, pad/crop ${SIZE}, flip with left/right swap, RGB mean, batches of ${BATCH}) on ${IMAGES} synthetic images of 200–420 × 280–500 px (JPEG q90, libpng-written 8-bit grayscale labels). ` +
      `Node: one loader per setting created once and warmed up by one epoch. Then ${RUNS} rounds: round r runs epoch r on the main thread, then (in an order rotating every round) with 1 and 2 worker threads and in Python with 1 and 2 processes, Python replaying epoch r's exact decisions (same images, order, scales, crops, flips). ` +
      `Rates and CPU times are medians over the rounds; the ratios are taken within each round (same load), their median and range shown. CPU time counts every thread (Node: the whole process, so also sharp's JPEG decoding on libuv's thread pool, which lets even \`workers: 0\` use a second core; Python: parent plus pool workers). ` +
      `Load average (1, 5, 15 min) before: ${loadBefore}, after: ${loadAfter} — the machine's 2 cores are shared with other jobs, so compare rows within this table only.`,
    '',
    ...table,
    '',
    py
      ? `First batch of every epoch byte-identical between Node and Python (MD5 of the float32 images and uint8 labels): ${sameOutput ? 'yes' : 'no (JPEG decoders differ: sharp/libvips vs Pillow)'}; identical across the three Node settings: yes.`
      : 'Python with numpy, PIL and scipy not found: Python rows skipped.',
    '',
  ].join('\n');
  console.log(`\n${section}`);
  if (process.env.LIP_BENCH_WRITE_RESULTS !== '0') {
    const file = join(repo, 'bench/RESULTS.md');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
    const heading = '\n## @lip/dataset\n';
    if (!text.includes(heading)) writeFileSync(file, `${text.replace(/\n*$/, '\n')}${heading}\n${section}`);
    else {
      // Replace the body of the @lip/dataset section (up to the next "## " heading).
      const start = text.indexOf(heading) + heading.length;
      const next = text.indexOf('\n## ', start);
      writeFileSync(file, `${text.slice(0, start)}\n${section}${next === -1 ? '' : text.slice(next)}`);
    }
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
