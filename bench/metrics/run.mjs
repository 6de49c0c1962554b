#!/usr/bin/env node
// bench/metrics — run from the repository root with `node bench/metrics/run.mjs` (after
// `npm run build -w @lip/metrics`); `npm run bench` runs it too once bench/package.json lists @lip/metrics.
//
// (a) Confusion-matrix accumulation on the same in-memory 8-bit label maps: @lip/metrics ConfusionMatrix.update
//     vs numpy's bincount formulation of the official LIP test_human.py.
// (b) End to end on 2,000 generated ground-truth/prediction PNG pairs of LIP-like sizes (~300x400):
//     `lip-metrics parsing --json` vs a Python script doing what test_human.py does (Pillow + numpy).
//     The two must print the same numbers. (b2) repeats this on maps with curved region edges (fewer repeated rows
//     and longer boundaries than (b)'s rectangles, closer to real annotations). The commands run in turn, in a rotating order, in each repetition;
//     wall time is the figure, CPU time (user + system, from /usr/bin/time when present) shows how much of a
//     difference comes from the second core, and the load average says how busy the machine was.
// (c) Where (b)'s time goes: per-image decode time of the same PNGs with @lip/schema/node decodeLabelPng (what
//     the CLI uses), with Pillow, and with fast-png (the CLI's previous decoder) when it is installed.
// Medians of several runs; ratios are measured within this one run. Replaces the "## @lip/metrics" section of
// bench/RESULTS.md.
// Environment: LIP_BENCH_PYTHON (a python3 with numpy and Pillow), LIP_BENCH_REPS (default 7 for (a) and (c)),
// LIP_BENCH_E2E_REPS (default 5 for (b)), LIP_BENCH_PAIRS (default 2000), LIP_BENCH_CURVED_PAIRS (default 2000,
// 0 to skip (b2)), LIP_BENCH_WRITE_RESULTS=0 (print only, leave RESULTS.md alone).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfusionMatrix } from '@lip/metrics';
import { decodeLabelPng } from '@lip/schema/node';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..');
const repoRoot = join(benchDir, '..');
const reps = Number(process.env.LIP_BENCH_REPS ?? 7);
const e2eReps = Math.max(1, Number(process.env.LIP_BENCH_E2E_REPS ?? 5));
const pairs = Number(process.env.LIP_BENCH_PAIRS ?? 2000);
const curvedPairs = Number(process.env.LIP_BENCH_CURVED_PAIRS ?? 2000);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A python3 with numpy and Pillow: LIP_BENCH_PYTHON, .venv-metrics, bench/.venv-metrics, bench/.venv-tf, python3, or a new venv (pip). */
function findPython() {
  const candidates = [
    process.env.LIP_BENCH_PYTHON,
    join(repoRoot, '.venv-metrics/bin/python'),
    join(benchDir, '.venv-metrics/bin/python'),
    join(benchDir, '.venv-tf/bin/python'),
    'python3',
  ].filter(Boolean);
  const works = (py) => spawnSync(py, ['-c', 'import numpy, PIL'], { stdio: 'ignore' }).status === 0;
  for (const py of candidates) if ((py === 'python3' || existsSync(py)) && works(py)) return py;
  console.log('bench/metrics: no python3 with numpy and Pillow found; creating bench/.venv-metrics (pip install numpy pillow)');
  const venv = join(benchDir, '.venv-metrics');
  const ok = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status === 0 &&
    spawnSync(join(venv, 'bin/pip'), ['install', '--quiet', 'numpy', 'pillow'], { stdio: 'inherit' }).status === 0;
  return ok && works(join(venv, 'bin/python')) ? join(venv, 'bin/python') : null;
}

const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs a command that prints one JSON line; returns its wall time, CPU time (user + system, or NaN) and output. */
function runJson(command, args, what, cpuFile) {
  const [cmd, argv] = timeBinary && cpuFile ? [timeBinary, ['-f', '%U %S', '-o', cpuFile, command, ...args]] : [command, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bench/metrics: ${what} failed (exit ${r.status}):\n${r.stderr}`);
  let cpuMs = NaN;
  if (timeBinary && cpuFile) {
    const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpuMs = (user + system) * 1000;
  }
  return { ms, cpuMs, json: JSON.parse(r.stdout.trim().split('\n').pop()) };
}

/** LIP-like label maps: background, a person box in part bands, a few blobs; the prediction is shifted and noisy. */
function makeLabelMaps(images, width, height) {
  let s = 12345;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo));
  const gt = new Uint8Array(images * width * height);
  const pred = new Uint8Array(images * width * height);
  for (let i = 0; i < images; i++) {
    const g = gt.subarray(i * width * height, (i + 1) * width * height);
    const p = pred.subarray(i * width * height, (i + 1) * width * height);
    const top = int(0, height / 5), bottom = height - int(0, height / 5);
    const left = int(0, width / 5), right = width - int(0, width / 5);
    for (let y = top; y < bottom; y++) {
      const part = 1 + ((Math.floor(((y - top) / (bottom - top)) * 8) * 7 + i) % 19);
      g.fill(part, y * width + left, y * width + right);
    }
    for (let b = 0; b < 5; b++) {
      const y0 = int(top, bottom), x0 = int(left, right), c = int(1, 20);
      for (let y = y0; y < Math.min(height, y0 + 30); y++) g.fill(c, y * width + x0, y * width + Math.min(width, x0 + 30));
    }
    if (rand() < 0.3) for (let y = 0; y < height; y++) g.fill(255, y * width, y * width + 3);
    const dy = int(-4, 5), dx = int(-4, 5);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = g[Math.min(height - 1, Math.max(0, y + dy)) * width + Math.min(width - 1, Math.max(0, x + dx))];
        p[y * width + x] = v === 255 ? 0 : v;
      }
    }
    for (let b = 0; b < 6; b++) {
      const y0 = int(0, height), x0 = int(0, width), c = int(0, 20);
      for (let y = y0; y < Math.min(height, y0 + 20); y++) p.fill(c, y * width + x0, y * width + Math.min(width, x0 + 20));
    }
  }
  return { gt, pred };
}

/** fast-png's decode() when it can be resolved from @lip/metrics (its previous dependency), else null. */
async function importFastPng() {
  try {
    const metricsPackageJson = fileURLToPath(import.meta.resolve('@lip/metrics/package.json'));
    const { decode } = await import(pathToFileURL(createRequire(metricsPackageJson).resolve('fast-png')).href);
    return decode;
  } catch {
    return null;
  }
}

/** `text` with the body of the `heading` section (up to the next "## " heading) replaced, or the section appended. */
function replaceSection(text, heading, body) {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return `${text.replace(/\n*$/, '\n')}\n${heading}\n\n${body}`;
  const bodyStart = start + heading.length + 2;
  const next = text.indexOf('\n## ', bodyStart);
  return `${text.slice(0, bodyStart)}\n${body}${next < 0 ? '' : text.slice(next)}`;
}

const python = findPython();
if (!python) {
  console.error('bench/metrics: needs python3 with numpy and Pillow (set LIP_BENCH_PYTHON)');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'lip-metrics-bench-'));
try {
  // ---------------------------------------------------------------- (a) in-memory accumulation
  const A = { images: 100, width: 300, height: 400, numClasses: 20 };
  const { gt, pred } = makeLabelMaps(A.images, A.width, A.height);
  writeFileSync(join(work, 'gt.bin'), gt);
  writeFileSync(join(work, 'pred.bin'), pred);
  writeFileSync(join(work, 'shape.json'), JSON.stringify(A));
  const size = A.width * A.height;
  const accumulate = () => {
    const m = new ConfusionMatrix(A.numClasses);
    for (let i = 0; i < A.images; i++) m.update(gt.subarray(i * size, (i + 1) * size), pred.subarray(i * size, (i + 1) * size), A);
    return m;
  };
  accumulate(); // warm-up
  // Rounds alternate between the two sides, so that a burst of load on this shared machine hits both alike.
  const jsTimes = [];
  const pyTimes = [];
  let matrix;
  let py;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    matrix = accumulate();
    jsTimes.push(performance.now() - t0);
    py = runJson(python, [join(here, 'accumulate_numpy.py'), work, '1'], 'accumulate_numpy.py').json;
    pyTimes.push(py.medianMs);
  }
  const sameCounts = JSON.stringify(py.counts) === JSON.stringify(matrix.toArray());
  const pixelsA = A.images * size;
  const a = { js: median(jsTimes), py: median(pyTimes), sameCounts, numpy: py.numpy };
  console.log(`(a) accumulation, ${A.images} images of ${A.width}x${A.height} (${(pixelsA / 1e6).toFixed(1)} Mpx), median of ${reps} alternating rounds:`);
  console.log(`    @lip/metrics ${a.js.toFixed(1)} ms (${((a.js * 1e6) / pixelsA).toFixed(2)} ns/px), numpy bincount ${a.py.toFixed(1)} ms (${((a.py * 1e6) / pixelsA).toFixed(2)} ns/px): ${(a.py / a.js).toFixed(1)}x; same counts: ${sameCounts}`);

  // ---------------------------------------------------------------- (b) end to end on PNG folders
  const cliJs = join(dirname(fileURLToPath(import.meta.resolve('@lip/metrics/package.json'))), 'dist', 'cli.js');
  const threads = availableParallelism();
  const b = endToEnd(join(work, 'rect'), pairs, 'rectangles');
  const { gtDir, ids } = b;
  const b2 = curvedPairs > 0 ? endToEnd(join(work, 'curved'), curvedPairs, 'curved') : null;

  /** Writes `count` PNG pairs to `dir` and times the commands on them, `e2eReps` times each in turn. */
  function endToEnd(dir, count, shape) {
    console.log(`(b) writing ${count} PNG pairs (${shape}) to ${dir} ...`);
    const gen = spawnSync(python, [join(here, 'make_label_pngs.py'), dir, String(count), ...(shape === 'curved' ? ['curved'] : [])], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error('make_label_pngs.py failed');
    const gtDir = join(dir, 'gt'), predDir = join(dir, 'pred'), ids = join(dir, 'ids.txt');
    const cli = (...more) => [cliJs, 'parsing', '--gt', gtDir, '--pred', predDir, '--list', ids, '--json', ...more];
    const variants = [
      { name: 'lip-metrics (default: 2 workers here)', cmd: process.execPath, args: cli() },
      { name: `lip-metrics --threads ${threads}`, cmd: process.execPath, args: cli('--threads', String(threads)) },
      { name: 'lip-metrics --threads 0 (main thread only)', cmd: process.execPath, args: cli('--threads', '0') },
      { name: 'Python test_human.py-like (Pillow + numpy)', cmd: python, args: [join(here, 'test_human_like.py'), gtDir, predDir, ids] },
    ];
    const cpuFile = join(work, 'cpu.txt');
    for (const v of variants) runJson(v.cmd, v.args, v.name); // warm the page cache
    for (const v of variants) Object.assign(v, { times: [], cpuTimes: [] });
    const loadBefore = loadavg();
    for (let r = 0; r < e2eReps; r++) {
      for (let k = 0; k < variants.length; k++) {
        const v = variants[(k + r) % variants.length]; // rotate the order so that no command always runs first
        const { ms, cpuMs, json } = runJson(v.cmd, v.args, v.name, cpuFile);
        v.times.push(ms);
        v.cpuTimes.push(cpuMs);
        v.json = json;
      }
    }
    const loadAfter = loadavg();
    const load = `load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(2)).join(' ')} after (1, 5, 15 min)`;
    const reference = variants[variants.length - 1];
    const ours = variants.slice(0, -1);
    const keys = ['images', 'pixels', 'pixelAccuracy', 'meanAccuracy', 'meanIoU', 'frequencyWeightedIoU'];
    const maxDiff = Math.max(...ours.flatMap((v) => keys.map((k) => Math.abs(v.json[k] - reference.json[k]))));
    const sameNumbers = maxDiff <= 1e-12;
    for (const v of variants) Object.assign(v, { median: median(v.times), cpuMedian: median(v.cpuTimes) });
    const cpuText = (v) => (Number.isFinite(v.cpuMedian) ? `${(v.cpuMedian / 1000).toFixed(2)} s CPU` : 'CPU n/a');
    console.log(`    end to end, ${count} pairs (${shape}), median of ${e2eReps} (wall time of the whole process); ${load}:`);
    for (const v of variants) console.log(`    ${v.name.padEnd(48)} ${(v.median / 1000).toFixed(2)} s  (${(v.median / count).toFixed(2)} ms/pair, ${cpuText(v)})`);
    console.log(`    ratios: ${ours.map((v) => `${(reference.median / v.median).toFixed(2)}x`).join(', ')}; same numbers (<= 1e-12): ${sameNumbers} (max diff ${maxDiff.toExponential(1)}); mIoU ${reference.json.meanIoU.toFixed(6)}`);
    const table = [
      '| command | s | ms / pair | CPU s (user + sys) | speed-up vs Python |',
      '|---|---|---|---|---|',
      ...variants.map((v) => `| ${v.name} | ${(v.median / 1000).toFixed(2)} | ${(v.median / count).toFixed(2)} | ${Number.isFinite(v.cpuMedian) ? (v.cpuMedian / 1000).toFixed(2) : 'n/a'} | ${(reference.median / v.median).toFixed(2)}× |`),
      '',
      `Same numbers (images, pixels, pixel acc, mean acc, mIoU, fwIoU within 1e-12): ${sameNumbers ? 'yes' : 'NO'} (max difference ${maxDiff.toExponential(1)}).`,
    ];
    return { gtDir, ids, load, table };
  }

  // ---------------------------------------------------------------- (c) decode only
  const decodeCount = Math.min(pairs, 200);
  const pngFiles = readFileSync(ids, 'utf8').trim().split('\n').slice(0, decodeCount).map((id) => readFileSync(join(gtDir, `${id}.png`)));
  const fastPngDecode = await importFastPng();
  if (fastPngDecode) {
    for (const bytes of pngFiles) {
      const a1 = fastPngDecode(bytes).data;
      const a2 = decodeLabelPng(bytes).data;
      if (a1.length !== a2.length || a1.some((v, k) => v !== a2[k])) throw new Error('bench/metrics: decodeLabelPng and fast-png disagree');
    }
  }
  // Rounds alternate between the decoders, as in (a).
  const decodePass = (fn) => {
    const t0 = performance.now();
    for (const bytes of pngFiles) fn(bytes);
    return (performance.now() - t0) / pngFiles.length;
  };
  const ours = (bytes) => decodeLabelPng(bytes);
  decodePass(ours); // warm-up
  if (fastPngDecode) decodePass(fastPngDecode);
  const decodeTimes = { ours: [], fastPng: [], pillow: [] };
  for (let r = 0; r < reps; r++) {
    decodeTimes.ours.push(decodePass(ours));
    if (fastPngDecode) decodeTimes.fastPng.push(decodePass(fastPngDecode));
    decodeTimes.pillow.push(runJson(python, [join(here, 'decode_pillow.py'), gtDir, String(decodeCount), '1'], 'decode_pillow.py').json.medianMsPerImage);
  }
  const c = {
    ours: median(decodeTimes.ours),
    fastPng: fastPngDecode ? median(decodeTimes.fastPng) : null,
    pillow: median(decodeTimes.pillow),
  };
  console.log(`(c) decode one ~300x400 label PNG (median of ${reps} passes over ${decodeCount}): @lip/schema/node ${c.ours.toFixed(3)} ms, ${c.fastPng === null ? 'fast-png not installed' : `fast-png ${c.fastPng.toFixed(3)} ms`}, Pillow+numpy ${c.pillow.toFixed(3)} ms`);

  // ---------------------------------------------------------------- RESULTS.md
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  const pyVersion = spawnSync(python, ['-c', 'import sys, numpy, PIL; print(sys.version.split()[0], numpy.__version__, PIL.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
  const pkg = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('@lip/metrics/package.json')), 'utf8'));
  const lines = [
    `### bench/metrics — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpuModel} (nproc ${availableParallelism()}), Node ${process.version}, @lip/metrics ${pkg.version}, Python ${pyVersion[0]}, numpy ${pyVersion[1]}, Pillow ${pyVersion[2]}`,
    '',
    `(a) Confusion-matrix accumulation, same in-memory uint8 label maps (${A.images} × ${A.width}×${A.height}, 20 classes, 255 ignored), median of ${reps} rounds alternating between the two:`,
    '',
    '| implementation | ms | ns / pixel | speed-up vs numpy |',
    '|---|---|---|---|',
    `| @lip/metrics \`ConfusionMatrix.update\` | ${a.js.toFixed(1)} | ${((a.js * 1e6) / pixelsA).toFixed(2)} | ${(a.py / a.js).toFixed(1)}× |`,
    `| numpy \`bincount(n*gt[k]+pred[k])\` (test_human.py) | ${a.py.toFixed(1)} | ${((a.py * 1e6) / pixelsA).toFixed(2)} | 1 |`,
    '',
    `Same counts: ${sameCounts ? 'yes' : 'NO'}.`,
    '',
    `(b) End to end, ${pairs} ground-truth/prediction PNG pairs (~300×400, Pillow-written, 8-bit grayscale, ¼ of predictions palette, rectangular regions), wall time of the whole process, median of ${e2eReps} (the commands take turns, in a rotating order); ${b.load}:`,
    '',
    ...b.table,
    '',
    ...(b2
      ? [
          `(b2) The same on ${curvedPairs} pairs whose rows are shifted sideways by a random walk (\`make_label_pngs.py … curved\`): slanted and curved region edges as in real annotations, far fewer repeated rows; ${b2.load}:`,
          '',
          ...b2.table,
          '',
        ]
      : []),
    `(c) Decode time of one ~300×400 label PNG (same files, median of ${reps} passes over ${decodeCount}):`,
    '',
    '| decoder | ms / image | vs Pillow |',
    '|---|---|---|',
    `| @lip/schema/node \`decodeLabelPng\` (node:zlib + JS unfiltering, used by lip-metrics) | ${c.ours.toFixed(3)} | ${(c.ours / c.pillow).toFixed(2)}× the time |`,
    ...(c.fastPng === null ? [] : [`| fast-png (pure JS, the CLI's previous decoder) | ${c.fastPng.toFixed(3)} | ${(c.fastPng / c.pillow).toFixed(2)}× the time |`]),
    `| Pillow + numpy | ${c.pillow.toFixed(3)} | 1 |`,
    '',
  ];
  const results = join(benchDir, 'RESULTS.md');
  if (process.env.LIP_BENCH_WRITE_RESULTS === '0') {
    console.log(lines.join('\n'));
  } else {
    writeFileSync(results, replaceSection(existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmark results\n', '## @lip/metrics', lines.join('\n')));
    console.log(`bench/metrics: wrote the @lip/metrics section of ${results}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
