#!/usr/bin/env node
// bench/web: parse time in the browser (examples/web in Debian's Chromium, wasm and cpu) against Node (wasm and
// native tensorflow) in the same run, for
//   ssnan:  the shipped synthetic SS-NAN (models/ssnan-synthetic, float16) on a 192² image, inputSize 192;
//   jppnet-synthetic: the shipped synthetic JPPNet (models/jppnet-synthetic, uint8), the same image, one pass at 192²;
//   jppnet: full-size JPPNet-s2 (createJppnet()'s default config, seeded random weights, float32 web model written by
//           convertToWebModel) on a 384² image, default options (one pass at 384²).
// Every cell is one long-lived page or process: model loaded once, one warm-up parse, then one timed parse per
// round; rounds interleave all cells so that they share the load, and the ratio to Node wasm is paired within a
// round. The page is served cross-origin isolated by its own static server (so wasm may use threads) and driven
// through `window.lipDemo` only; it selects wasm with prepareWasmBackend (every logical core, Winograd 3×3), as
// Node's useBackend('wasm') does.
// Needs the built packages (npm run build) and Chromium (LIP_CHROMIUM, default /usr/bin/chromium). Appends a table
// to bench/RESULTS.md. Knobs: LIP_BENCH_ROUNDS (≥ 3), LIP_BENCH_WEB_DIR (cache, default /tmp/lip-bench-web),
// LIP_BENCH_WEB_MODELS (ssnan,jppnet-synthetic,jppnet), LIP_BENCH_WEB_JPPNET_CPU=1 (also the full JPPNet on the page's cpu backend:
// minutes per parse), LIP_BENCH_WRITE_RESULTS=0.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { isNativeBackendBuilt } from '@lip/runtime/node';
import { median } from '../median.mjs';
import { openBrowserCell } from './browser-cell.mjs';
import { openNodeCell } from './node-cell-process.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../../examples/web/scripts/chromium.mjs';

const here = new URL('.', import.meta.url).pathname;
const repo = resolve(here, '../..');
const cacheDir = resolve(process.env.LIP_BENCH_WEB_DIR ?? '/tmp/lip-bench-web');
const pageDir = join(cacheDir, 'page');
const rounds = Math.max(3, Number(process.env.LIP_BENCH_ROUNDS ?? 3));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const log = (line) => console.log(`bench/web: ${line}`);

const MODELS = {
  ssnan: {
    title: 'SS-NAN synthetic (shipped, float16), 192² image, inputSize 192',
    kind: 'ssnan',
    url: 'models/ssnan-synthetic/model.json',
    file: join(repo, 'models/ssnan-synthetic/model.json'),
    image: 'synthetic-192.png',
    inputSize: 192,
  },
  'jppnet-synthetic': {
    title: 'JPPNet synthetic (shipped, uint8), 192² image, inputSize 192, one pass',
    kind: 'jppnet',
    url: 'models/jppnet-synthetic/model.json',
    file: join(repo, 'models/jppnet-synthetic/model.json'),
    image: 'synthetic-192.png',
    inputSize: 192,
  },
  jppnet: {
    title: 'JPPNet-s2 full size (float32, random weights), 384² image, one pass',
    kind: 'jppnet',
    url: 'models/jppnet-s2-float32/model.json',
    file: join(cacheDir, 'jppnet-s2-float32/model.json'),
    image: 'synthetic-384.png',
    inputSize: null,
  },
};
const models = (process.env.LIP_BENCH_WEB_MODELS ?? 'ssnan,jppnet-synthetic,jppnet').split(',').map((s) => s.trim());
for (const m of models) if (!MODELS[m]) throw new Error(`LIP_BENCH_WEB_MODELS: unknown ${m}; expected some of ${Object.keys(MODELS).join(', ')}`);
if (!existsSync(CHROMIUM)) {
  console.error(`bench/web: needs Chromium at ${CHROMIUM} (apt-get install -y chromium, or LIP_CHROMIUM=<path>)`);
  process.exit(1);
}
const native = isNativeBackendBuilt();
if (!native) log('Node tensorflow skipped (run `npx lip-runtime setup-native`)');

/** The cells of one model: where × backend. */
function cellsOf(modelId) {
  const nodeBackends = ['wasm', ...(native ? ['tensorflow'] : [])];
  const browserBackends = modelId === 'jppnet' && process.env.LIP_BENCH_WEB_JPPNET_CPU !== '1' ? ['wasm'] : ['wasm', 'cpu'];
  return [...browserBackends.map((backend) => ({ where: 'browser', backend })), ...nodeBackends.map((backend) => ({ where: 'node', backend }))].map((c) => ({ ...c, modelId, runs: [] }));
}

/** Bytes of a web model folder: what a page downloads (model.json and its shards). */
function folderBytes(dir) {
  return readdirSync(dir).filter((f) => f === 'model.json' || f.endsWith('.bin')).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

// 1. Assets (not timed): the full JPPNet web models (once), the images, the page build.
log(`preparing ${cacheDir} (the first run writes the full JPPNet-s2 twice: a few minutes)`);
const prepared = spawnSync(process.execPath, [join(here, 'prepare.mjs'), cacheDir], { stdio: ['ignore', 'inherit', 'inherit'], cwd: repo });
if (prepared.status !== 0) process.exit(1);
const sizes = {
  'ssnan-synthetic (float16)': folderBytes(join(repo, 'models/ssnan-synthetic')),
  'jppnet-synthetic (uint8)': folderBytes(join(repo, 'models/jppnet-synthetic')),
  'jppnet-s2 float32': folderBytes(join(cacheDir, 'jppnet-s2-float32')),
  'jppnet-s2 float16': folderBytes(join(cacheDir, 'jppnet-s2-float16')),
};

// 2. The cells: pages and processes opened one after another, each warmed up by one parse.
const { serveStatic } = await import(join(repo, 'examples/web/scripts/serve-static.mjs'));
const server = await serveStatic(pageDir);
// No software WebGL: only wasm and cpu are timed.
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const loadBefore = load();
const cells = models.flatMap(cellsOf);
let pageInfo = null;
try {
  for (const cell of cells) {
    const model = MODELS[cell.modelId];
    const t = performance.now();
    cell.handle =
      cell.where === 'browser'
        ? await openBrowserCell(browser, server.url, { backend: cell.backend, kind: model.kind, modelUrl: model.url, imageUrl: `bench/${model.image}`, options: model.inputSize ? { inputSize: model.inputSize } : {} })
        : await openNodeCell({ backend: cell.backend, kind: model.kind, modelJson: model.file, imagePng: join(cacheDir, 'images', model.image), inputSize: model.inputSize });
    if (cell.where === 'browser') pageInfo ??= cell.handle.info;
    const warm = await cell.handle.parse();
    cell.loadMs = cell.where === 'browser' ? warm.loadMs : cell.handle.info.loadMs;
    cell.warmUpMs = warm.parseMs;
    cell.threads = cell.where === 'node' ? cell.handle.info.threads : null;
    log(`${cell.modelId} ${cell.where} ${cell.backend}: opened, model loaded in ${cell.loadMs.toFixed(0)} ms, warm-up parse ${warm.parseMs.toFixed(0)} ms (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }

  // 3. Rounds: every cell once per round, models and cells in a fixed order.
  for (let round = 0; round < rounds; round++) {
    log(`round ${round + 1}/${rounds} (load average ${load()})`);
    for (const cell of cells) {
      const r = await cell.handle.parse();
      cell.runs.push(r.parseMs);
      log(`  ${cell.modelId} ${cell.where} ${cell.backend}: ${r.parseMs.toFixed(0)} ms`);
    }
  }
} finally {
  for (const cell of cells) await cell.handle?.close().catch(() => {});
  await browser.close();
  await server.close();
}
const loadAfter = load();

// 4. The table: medians over the rounds; the ratio to Node wasm is the median of the per-round ratios.
const rows = [];
for (const modelId of models) {
  const own = cells.filter((c) => c.modelId === modelId);
  const nodeWasm = own.find((c) => c.where === 'node' && c.backend === 'wasm');
  const ratio = (cell, to) => median(cell.runs.map((ms, i) => ms / to.runs[i]));
  for (const cell of own) rows.push({ cell, median: median(cell.runs), min: Math.min(...cell.runs), ratio: ratio(cell, nodeWasm), perRound: cell.runs.map((ms, i) => ms / nodeWasm.runs[i]) });
}
const browserWasm = pageInfo?.backends?.wasm;
const chromeVersion = pageInfo?.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?';
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const backendLabel = (c) => {
  if (c.where === 'browser') return c.backend === 'wasm' ? `wasm (${browserWasm?.detail ?? '?'})` : c.backend;
  if (c.backend === 'wasm') return `wasm (${c.threads} threads, Winograd 3×3)`;
  return c.backend;
};
const lines = [];
lines.push(`\n### bench/web — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${chromeVersion}, tfjs 4.22.0`);
lines.push('');
lines.push(
  `${rounds} rounds. Every cell is one page (its own browser context, kept for the whole run) or one Node process: the model loaded once, ` +
    `one warm-up parse, then one timed parse per round, all cells in turn each round. Browser: the built examples/web page, served cross-origin isolated ` +
    `(COOP/COEP; crossOriginIsolated ${pageInfo?.crossOriginIsolated}, hardwareConcurrency ${pageInfo?.hardwareConcurrency}) by its own static server and driven by ` +
    `\`window.lipDemo.loadModel\` / \`parse\`; the time is the page's \`parseMs\` (\`parser.parse\` of an ImageBitmap). Node: \`createJppnetParser\` / ` +
    `\`createSsnanParser\` from @lip/*/node, \`parse\` of the same PNG decoded to RGB. Median and min over the rounds; "÷ Node wasm" is the median ` +
    `of the per-round ratios. Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}.`,
);
lines.push('');
lines.push('| model | where | backend | median ms | min ms | ÷ Node wasm (per round) | load ms | warm-up ms |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const c = r.cell;
  const perRound = r.perRound.map((x) => x.toFixed(2)).join(', ');
  lines.push(`| ${MODELS[c.modelId].title} | ${c.where} | ${backendLabel(c)} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)} | **${r.ratio.toFixed(2)}** (${perRound}) | ${c.loadMs.toFixed(0)} | ${c.warmUpMs.toFixed(0)} |`);
}
lines.push('');
lines.push(`Download sizes (model.json + weight shards): ${Object.entries(sizes).map(([name, bytes]) => `${name} ${mb(bytes)}`).join('; ')}.`);
if (models.includes('jppnet') && process.env.LIP_BENCH_WEB_JPPNET_CPU !== '1') lines.push("The full JPPNet on the page's cpu backend is left out (minutes per parse; LIP_BENCH_WEB_JPPNET_CPU=1 adds it).");
if (!native) lines.push('Node tensorflow skipped: the native backend is not built (`npx lip-runtime setup-native`).');
const table = lines.join('\n');
console.log(table);
if (process.env.LIP_BENCH_WRITE_RESULTS !== '0') {
  const resultsFile = join(here, '..', 'RESULTS.md');
  const heading = readFileSync(resultsFile, 'utf8').includes('\n## examples/web') ? '' : '\n## examples/web (browser)\n';
  appendFileSync(resultsFile, `${heading}${table}\n`);
  log('appended to bench/RESULTS.md');
}
