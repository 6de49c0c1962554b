#!/usr/bin/env node
// bench/metrics/researcher_sets.mjs — "metrics speed, measured as researchers measure it". Run from the repository
// root after building @lip/metrics: `node bench/metrics/researcher_sets.mjs`.
//
// Two 1,000-pair sets of LIP-sized (~300x400) 8-bit grayscale label PNGs, values 0..19, written by
// make_label_pngs.py (deterministic) into a cache folder (LIP_BENCH_CACHE, default $TMPDIR/lip-metrics-bench-cache):
//   segmenter   smooth predicted regions, boundaries moved a few pixels, a region or two relabelled;
//   saltpepper  the ground truth with 15 % of the pixels set to random labels (zlib inflate dominates decoding).
// For each set, the WHOLE `node packages/metrics/bin/lip-metrics.js parsing ...` process (the package's bin, default
// options) is timed against the whole `test_human_like.py` process (the official test_human.py loop: Pillow open +
// numpy bincount per image), interleaved (the two swap order every round), LIP_BENCH_ROUNDS rounds (default 7).
// Reported: medians and the median of the per-round ratios Python ÷ CLI. Both write their confusion matrix; the bench
// fails unless they are identical.
// Breakdown (measured, not estimated): node's own startup (`node -e 0`); the CLI on 1 pair on the main thread (module
// loading, kernel warm-up, first image); the CLI with 2 workers against the main thread alone on 16 pairs (worker
// startup); and, in this process on the main thread after a warm-up pass, the per-phase CPU time over the whole set:
// reading the files, zlib inflate alone, the whole decode (whose excess over inflate is chunk parsing, CRC and PNG
// unfiltering) and counting (ConfusionMatrix.update). The floor is inflate + count spread over the workers.
// LIP_BENCH_BEFORE_BIN=path/to/an/older/bin/lip-metrics.js times that build too, in the same rounds (before/after).
// LIP_BENCH_WRITE_RESULTS=0 prints the RESULTS.md section instead of adding it (after the last "### bench/metrics"
// section of "## @lip/metrics"; older sections are left as they are).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { ConfusionMatrix } from '@lip/metrics';
import { LabelPngDecoder } from '@lip/schema/node';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../..');
const python = process.env.LIP_BENCH_PYTHON ?? join(repoRoot, 'bench/.venv-tf/bin/python');
const rounds = Math.max(1, Number(process.env.LIP_BENCH_ROUNDS ?? 7));
const count = Number(process.env.LIP_BENCH_PAIRS ?? 1000);
const cache = process.env.LIP_BENCH_CACHE ?? join(tmpdir(), 'lip-metrics-bench-cache');
const bin = join(repoRoot, 'packages/metrics/bin/lip-metrics.js');
const beforeBin = process.env.LIP_BENCH_BEFORE_BIN ?? null;
const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sets = [
  { kind: 'segmenter', name: 'segmenter-like', goal: 3 },
  { kind: 'saltpepper', name: 'salt-and-pepper 15 %', goal: 1.5 },
];

/** Wall time (ms) and CPU time (user + system, ms, NaN without /usr/bin/time) of a whole process. */
function timed(cmd, args) {
  const cpuFile = join(cache, 'cpu.txt');
  const [c, a] = timeBinary ? [timeBinary, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(c, a, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  const cpu = timeBinary ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN];
  return { ms, cpuMs: (cpu[0] + cpu[1]) * 1000, stdout: r.stdout };
}

/** The set's folder, generated once (make_label_pngs.py is deterministic; a "done" file marks a complete set). */
function dataSet(kind) {
  const dir = join(cache, `${kind}-${count}-v1`);
  if (!existsSync(join(dir, 'done'))) {
    console.log(`writing ${count} ${kind} pairs to ${dir} ...`);
    mkdirSync(dir, { recursive: true });
    const gen = spawnSync(python, [join(here, 'make_label_pngs.py'), dir, String(count), kind], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error('make_label_pngs.py failed');
    writeFileSync(join(dir, 'done'), '');
  }
  return { dir, gt: join(dir, 'gt'), pred: join(dir, 'pred'), ids: join(dir, 'ids.txt') };
}

const cliArgs = (d, ids, ...more) => cliArgsOf(bin, d, ids, ...more);
const cliArgsOf = (b, d, ids, ...more) => [b, 'parsing', '--gt', d.gt, '--pred', d.pred, '--list', ids, '--json', ...more];

/** The image data of a PNG (its IDAT chunks), for timing inflate alone. */
function idatOf(png) {
  const view = new DataView(png.buffer, png.byteOffset, png.length);
  const parts = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = view.getUint32(at);
    const type = view.getUint32(at + 4);
    if (type === 0x49444154) parts.push(png.subarray(at + 8, at + 8 + length));
    if (type === 0x49454e44) break;
    at += 12 + length;
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** The inflated size of an 8-bit non-interlaced PNG plus one byte: the one output chunk the decoder asks zlib for. */
const rawSize = (png) => {
  const view = new DataView(png.buffer, png.byteOffset, png.length);
  return view.getUint32(20) * (view.getUint32(16) + 1) + 1;
};

/** Per-phase CPU time (ms) over the whole set on this thread, median of 3 passes after a warm-up pass. */
function phases(d) {
  const ids = readFileSync(d.ids, 'utf8').trim().split('\n');
  const passes = [];
  for (let pass = 0; pass < 4; pass++) {
    let t = performance.now();
    const files = ids.map((id) => [readFileSync(join(d.gt, `${id}.png`)), readFileSync(join(d.pred, `${id}.png`))]);
    const read = performance.now() - t;
    t = performance.now();
    for (const [g, p] of files) {
      inflateSync(idatOf(g), { chunkSize: rawSize(g) });
      inflateSync(idatOf(p), { chunkSize: rawSize(p) });
    }
    const inflate = performance.now() - t;
    const gtDecoder = new LabelPngDecoder({ rowRepeatHints: true });
    const predDecoder = new LabelPngDecoder({ rowRepeatHints: true });
    const matrix = new ConfusionMatrix(20);
    let decode = 0;
    let countMs = 0;
    for (const [g, p] of files) {
      const t0 = performance.now();
      const gt = gtDecoder.decode(g, 'gt');
      const pred = predDecoder.decode(p, 'pred');
      const t1 = performance.now();
      matrix.update(gt, pred);
      countMs += performance.now() - t1;
      decode += t1 - t0;
    }
    const compressedMB = files.reduce((s, [g, p]) => s + g.length + p.length, 0) / 1e6;
    if (pass > 0) passes.push({ read, inflate, unfilter: decode - inflate, count: countMs, compressedMB });
  }
  const m = (k) => median(passes.map((p) => p[k]));
  return { read: m('read'), inflate: m('inflate'), unfilter: m('unfilter'), count: m('count'), compressedMB: passes[0].compressedMB };
}

mkdirSync(cache, { recursive: true });
const results = [];
for (const set of sets) {
  const d = dataSet(set.kind);
  const pyMatrix = join(cache, 'py-matrix.json');
  const jsMatrix = join(cache, 'js-matrix.json');
  const cli = { args: cliArgs(d, d.ids, '--save-matrix', jsMatrix), times: [], cpu: [] };
  const py = { args: [join(here, 'test_human_like.py'), d.gt, d.pred, d.ids, pyMatrix], times: [], cpu: [] };
  const before = beforeBin ? { args: cliArgsOf(beforeBin, d, d.ids), times: [], cpu: [] } : null;
  const sides = [cli, py, ...(before ? [before] : [])];
  for (const side of sides) timed(side === py ? python : process.execPath, side.args); // warm the page cache
  const load0 = loadavg();
  const ratios = [];
  const beforeRatios = [];
  for (let r = 0; r < rounds; r++) {
    const order = sides.map((_, k) => sides[(k + r) % sides.length]); // rotate: none always runs first
    for (const side of order) {
      const t = timed(side === py ? python : process.execPath, side.args);
      side.times.push(t.ms);
      side.cpu.push(t.cpuMs);
    }
    ratios.push(py.times[r] / cli.times[r]);
    if (before) beforeRatios.push(py.times[r] / before.times[r]);
  }
  const load1 = loadavg();
  const same = JSON.stringify(JSON.parse(readFileSync(jsMatrix, 'utf8')).counts) === JSON.stringify(JSON.parse(readFileSync(pyMatrix, 'utf8')).counts);
  if (!same) throw new Error(`${set.name}: lip-metrics and test_human_like.py counted different confusion matrices`);

  // Fixed costs, each command interleaved with its baseline over the rounds.
  const ids1 = join(cache, `${set.kind}-1.txt`);
  const ids16 = join(cache, `${set.kind}-16.txt`);
  const allIds = readFileSync(d.ids, 'utf8').trim().split('\n');
  writeFileSync(ids1, allIds.slice(0, 1).join('\n') + '\n');
  writeFileSync(ids16, allIds.slice(0, 16).join('\n') + '\n');
  const fixed = { node: [], one: [], main16: [], workers16: [] };
  for (let r = 0; r < rounds; r++) {
    fixed.node.push(timed(process.execPath, ['-e', '0']).ms);
    fixed.one.push(timed(process.execPath, cliArgs(d, ids1, '--threads', '0')).ms);
    fixed.main16.push(timed(process.execPath, cliArgs(d, ids16, '--threads', '0')).ms);
    fixed.workers16.push(timed(process.execPath, cliArgs(d, ids16, '--threads', '2')).ms);
  }
  const f = Object.fromEntries(Object.entries(fixed).map(([k, v]) => [k, median(v)]));
  const ph = phases(d);
  const workers = availableParallelism() >= 2 ? 2 : 1;
  const floor = f.node + (ph.inflate + ph.count) / workers;
  const r = {
    ...set,
    cli: median(cli.times),
    py: median(py.times),
    cliCpu: median(cli.cpu),
    pyCpu: median(py.cpu),
    ratio: median(ratios),
    ratios,
    before: before && { cli: median(before.times), cpu: median(before.cpu), ratio: median(beforeRatios), ratios: beforeRatios },
    same,
    load: `${load0.map((x) => x.toFixed(2)).join(' ')} → ${load1.map((x) => x.toFixed(2)).join(' ')}`,
    f,
    ph,
    floor,
    workers,
  };
  results.push(r);
  console.log(
    `${set.name}: Python ${(r.py / 1000).toFixed(3)} s, CLI ${(r.cli / 1000).toFixed(3)} s, ratio ${r.ratio.toFixed(2)}× (rounds ${ratios.map((x) => x.toFixed(2)).join(' ')}; goal ≥ ${set.goal}×), same matrix ${same}; load ${r.load}` +
      (r.before ? `; before: CLI ${(r.before.cli / 1000).toFixed(3)} s, ratio ${r.before.ratio.toFixed(2)}× (${r.before.ratios.map((x) => x.toFixed(2)).join(' ')})` : ''),
  );
  console.log(
    `  fixed: node ${f.node.toFixed(0)} ms, CLI 1 pair main thread ${f.one.toFixed(0)} ms, 16 pairs main ${f.main16.toFixed(0)} / 2 workers ${f.workers16.toFixed(0)} ms; ` +
      `phases (1 thread, whole set): read ${ph.read.toFixed(0)}, inflate ${ph.inflate.toFixed(0)}, unfilter ${ph.unfilter.toFixed(0)}, count ${ph.count.toFixed(0)} ms; floor ${floor.toFixed(0)} ms`,
  );
}

const ms = (x) => x.toFixed(0);
const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/metrics/package.json'), 'utf8'));
const pyVersion = spawnSync(python, ['-c', 'import sys, numpy, PIL; print(sys.version.split()[0], numpy.__version__, PIL.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
const lines = [
  `### bench/metrics researcher_sets — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.includes('EPYC') ? 'AMD EPYC' : cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, @lip/metrics ${pkg.version} (working tree), Python ${pyVersion[0]}, numpy ${pyVersion[1]}, Pillow ${pyVersion[2]}`,
  '',
  `\`node bench/metrics/researcher_sets.mjs\`: ${count} pairs per set (~300×400, 8-bit grayscale, values 0..19, \`make_label_pngs.py … segmenter|saltpepper\`). ` +
    `Whole processes: \`node packages/metrics/bin/lip-metrics.js parsing --gt … --pred … --list … --json --save-matrix …\` (default options: the main thread and 1 worker here) against ` +
    `\`test_human_like.py\` (test_human.py's loop: Pillow + numpy bincount per image), ${rounds} rounds, the commands taking turns (order rotated every round). ` +
    'Medians; the ratio is the median of the per-round ratios. Both confusion matrices identical on both sets.',
  '',
  '| set | Python s | CLI s | **Python ÷ CLI** (per round) | goal | CPU s Python / CLI | load avg 1/5/15 before → after |',
  '|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${(r.py / 1000).toFixed(3)} | ${(r.cli / 1000).toFixed(3)} | **${r.ratio.toFixed(2)}×** (${r.ratios.map((x) => x.toFixed(2)).join(', ')}) | ≥ ${r.goal}× ${r.ratio >= r.goal ? 'met' : 'missed'} | ${(r.pyCpu / 1000).toFixed(2)} / ${(r.cliCpu / 1000).toFixed(2)} | ${r.load} |`,
  ),
  ...(results[0].before
    ? [
        '',
        `Before this change (\`LIP_BENCH_BEFORE_BIN\`: the previous build, default options: 2 workers), timed in the same rounds:`,
        '',
        '| set | CLI before s | Python ÷ CLI before (per round) | CPU s before | CLI now s | CPU s now |',
        '|---|---|---|---|---|---|',
        ...results.map(
          (r) =>
            `| ${r.name} | ${(r.before.cli / 1000).toFixed(3)} | ${r.before.ratio.toFixed(2)}× (${r.before.ratios.map((x) => x.toFixed(2)).join(', ')}) | ${(r.before.cpu / 1000).toFixed(2)} | ${(r.cli / 1000).toFixed(3)} | ${(r.cliCpu / 1000).toFixed(2)} |`,
        ),
      ]
    : []),
  '',
  `Where the CLI's time goes (medians of ${rounds}; phases are CPU ms over the whole set on one thread, in the bench process, after a warm-up pass; ` +
    `"unfilter" is the whole decode minus zlib's own inflate: chunk parsing, CRC, node:zlib's per-call stream setup, PNG unfiltering). Floor = node startup + (inflate + count) ÷ 2 threads.`,
  '',
  '| set | `node -e 0` | CLI, 1 pair, main thread | 16 pairs: `--threads 0` / `--threads 2` | read | inflate | unfilter | count | compressed MB | floor ms | CLI ms | CLI ÷ floor |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${ms(r.f.node)} | ${ms(r.f.one)} | ${ms(r.f.main16)} / ${ms(r.f.workers16)} | ${ms(r.ph.read)} | ${ms(r.ph.inflate)} | ${ms(r.ph.unfilter)} | ${ms(r.ph.count)} | ${r.ph.compressedMB.toFixed(1)} | ${ms(r.floor)} | ${ms(r.cli)} | ${(r.cli / r.floor).toFixed(2)} |`,
  ),
  '',
];
if (process.env.LIP_BENCH_WRITE_RESULTS === '0') console.log(lines.join('\n'));
else {
  const file = join(repoRoot, 'bench/RESULTS.md');
  const text = readFileSync(file, 'utf8');
  const section = text.indexOf('\n## @lip/metrics\n');
  const next = section < 0 ? -1 : text.indexOf('\n## ', section + 1);
  const at = next < 0 ? text.length : next;
  writeFileSync(file, `${text.slice(0, at).replace(/\n*$/, '\n')}\n${lines.join('\n')}${text.slice(at)}`);
  console.log(`added a section to ${file}`);
}
