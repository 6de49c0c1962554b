// The built page in a real browser (Debian's Chromium through playwright-core): every backend the browser
// initialises parses the shipped model's sample images like Node does, leaks no tensor, logs no error, and asks
// nothing of any host but the page's own; a bad model URL shows the parser's error in the page.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@tensorflow/tfjs-backend-cpu';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJppnetParser, type JppnetParser } from '@lip/jppnet';
import { createSsnanParser } from '@lip/nan-head';
import { useBackend } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { decodeRgbImage } from '@lip/dataset/node';
import { generateAssets } from '../scripts/generate-assets.mjs';
import { serveStatic } from '../scripts/serve-static.mjs';
import { CHROMIUM, CHROMIUM_ARGS, WEBGL_ARGS } from '../scripts/chromium.mjs';

const haveChromium = existsSync(CHROMIUM);
// CI (.ci/run) sets LIP_REQUIRE_BROWSER_TESTS=1: there a missing Chromium fails the suite. Elsewhere (a fresh clone
// without Debian's chromium) the browser tests are skipped, loudly; LIP_SKIP_BROWSER_TESTS=1 skips them anyway.
const REQUIRED = process.env.LIP_REQUIRE_BROWSER_TESTS === '1';
const SKIP = process.env.LIP_SKIP_BROWSER_TESTS === '1' || (!haveChromium && !REQUIRED);
if (SKIP) {
  const why = process.env.LIP_SKIP_BROWSER_TESTS === '1' ? 'LIP_SKIP_BROWSER_TESTS=1' : `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or LIP_CHROMIUM=<path>)`;
  console.warn(`\n!!! examples/web: the browser tests are SKIPPED: ${why} !!!\n`);
}
const describeBrowser = SKIP ? describe.skip : describe;

const here = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = ['samples/synthetic-val-0.png', 'samples/synthetic-val-1.png'];
const LEAK_PARSES = 20;
const LEAK_INPUT_SIZE = 96;

interface Kp {
  name: string;
  x: number;
  y: number;
  score: number;
}
interface PageParse {
  backend: string;
  width: number;
  height: number;
  labels: number[];
  keypoints: Kp[];
  loadMs: number;
  parseMs: number;
  numTensors: number;
}
interface LipDemoHook {
  ready: Promise<void>;
  parse(url: string, backend: string, options?: { inputSize?: number }): Promise<PageParse>;
  loadModel(url: string, kind: string): Promise<{ ok: boolean; error?: string }>;
  errorText(): string;
}
declare const window: { lipDemo: LipDemoHook };
declare const navigator: { gpu?: { requestAdapter(): Promise<unknown> }; hardwareConcurrency: number };

let outDir: string;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];
let nodeParser: JppnetParser;
const nodeResults = new Map<string, { labels: Uint8Array; keypoints: Kp[] }>();
const report: string[] = [];

/** Whether a request stays on the page's own server (blob: URLs carry their origin). */
function isLocal(url: string): boolean {
  if (url.startsWith('data:')) return true;
  const inner = url.startsWith('blob:') ? url.slice(5) : url;
  try {
    return new URL(inner).hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

describeBrowser('examples/web in Chromium', () => {
  beforeAll(async () => {
    if (!haveChromium) {
      throw new Error(
        `examples/web: no Chromium at ${CHROMIUM}. The browser tests need Debian's chromium (apt-get install -y chromium; ` +
          '.ci/run installs it), or LIP_CHROMIUM=<path>. LIP_REQUIRE_BROWSER_TESTS=1 (CI) makes a missing browser an error.',
      );
    }
    let t = performance.now();
    await generateAssets({ log: () => {} });
    outDir = mkdtempSync(join(tmpdir(), 'lip-web-'));
    await build({ root: here, configFile: join(here, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    // A model.json of another kind: the shipped model's, its metadata naming no LIP parser's config.
    const json = JSON.parse(readFileSync(join(outDir, 'models/jppnet-synthetic/model.json'), 'utf8'));
    json.userDefinedMetadata = { detector: { anchors: 9 } };
    mkdirSync(join(outDir, 'models/not-a-parser'), { recursive: true });
    writeFileSync(join(outDir, 'models/not-a-parser/model.json'), JSON.stringify(json));
    report.push(`assets + vite build: ${((performance.now() - t) / 1000).toFixed(1)} s`);

    t = performance.now();
    await useBackend('cpu');
    nodeParser = await createJppnetParser({ model: nodeFileSystem(join(outDir, 'models/jppnet-synthetic/model.json')) });
    for (const sample of SAMPLES) {
      const image = await decodeRgbImage(readFileSync(join(outDir, sample)), join(outDir, sample), null);
      const result = await nodeParser.parse(image);
      nodeResults.set(sample, { labels: Uint8Array.from(result.segmentation.labels.data), keypoints: result.pose.keypoints.map((k) => ({ ...k })) });
      expect(new Set(result.segmentation.labels.data).size, `${sample}: the shipped JPPNet parses more than the background`).toBeGreaterThan(1);
    }
    report.push(`Node reference (cpu): ${((performance.now() - t) / 1000).toFixed(1)} s`);

    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...WEBGL_ARGS] });
    page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('request', (r) => !isLocal(r.url()) && foreignRequests.push(r.url()));
    t = performance.now();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => window.lipDemo?.ready != null);
    await page.evaluate(() => window.lipDemo.ready);
    report.push(`page load (probes the 4 backends, parses sample 0): ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // The page's default model is the shipped JPPNet; the agreement checks compare with Node's parse of it.
    expect(await page.locator('#model-select').inputValue()).toBe('jppnet-synthetic');
  });

  afterAll(async () => {
    nodeParser?.dispose();
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    if (report.length) console.log(`\nexamples/web browser test:\n  ${report.join('\n  ')}\n`);
  });

  it('is cross-origin isolated (wasm threads) and reports which backends initialised', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated)).toBe(true);
    const statuses = await page.evaluate(() => (window.lipDemo as unknown as { backends(): Record<string, { ok: boolean; error?: string; detail?: string }> }).backends());
    report.push(`backends: ${Object.entries(statuses).map(([n, s]) => `${n} ${s.ok ? `ok${s.detail ? ` (${s.detail})` : ''}` : `unavailable (${s.error})`}`).join('; ')}`);
    for (const name of ['wasm', 'cpu', 'webgl']) expect(statuses[name]?.ok, `${name}: ${statuses[name]?.error}`).toBe(true);
    // prepareWasmBackend gives XNNPACK every logical core (tfjs alone: half of them).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(statuses['wasm']?.detail).toContain(`threads ${cores}`);
  });

  for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
    it(`${backend}: labels and keypoints agree with Node's; no tensor leaks over ${LEAK_PARSES} parses`, async (context) => {
      if (backend === 'webgpu') {
        const adapter = await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) != null);
        report.push(`webgpu: ${adapter ? 'the browser offers an adapter' : 'no adapter in this browser: not tested'}`);
        if (!adapter) return context.skip();
      }
      const t = performance.now();
      for (const sample of SAMPLES) {
        const got = await page.evaluate(([url, b]) => window.lipDemo.parse(url, b), [sample, backend] as const);
        const want = nodeResults.get(sample)!;
        expect(got.backend).toBe(backend);
        expect(got.labels.length).toBe(want.labels.length);
        let same = 0;
        for (let i = 0; i < want.labels.length; i++) if (got.labels[i] === want.labels[i]) same++;
        const agreement = same / want.labels.length;
        const moved = got.keypoints
          .map((k, j) => ({ k, w: want.keypoints[j]! }))
          .filter(({ k, w }) => k.x !== w.x || k.y !== w.y)
          .map(({ k, w }) => `${k.name} (${k.x},${k.y}) vs Node (${w.x},${w.y}), scores ${k.score.toFixed(4)} / ${w.score.toFixed(4)}`);
        report.push(`${backend} ${sample}: labels ${(100 * agreement).toFixed(3)} % as Node's; keypoints ${moved.length === 0 ? '16/16 identical' : `differ: ${moved.join('; ')}`}; parse ${got.parseMs.toFixed(0)} ms`);
        expect(agreement).toBeGreaterThanOrEqual(0.999);
        for (const [j, k] of got.keypoints.entries()) {
          const w = want.keypoints[j]!;
          expect(k.name).toBe(w.name);
          // A peak moves by a pixel at most, and only where the heatmap's maximum is a near-tie.
          expect(Math.abs(k.x - w.x), `${k.name} x`).toBeLessThanOrEqual(1);
          expect(Math.abs(k.y - w.y), `${k.name} y`).toBeLessThanOrEqual(1);
          if (k.x !== w.x || k.y !== w.y) expect(Math.abs(k.score - w.score), `${k.name}: a moved peak must be a near-tie`).toBeLessThan(1e-3);
        }
      }
      const counts: number[] = [];
      for (let i = 0; i < LEAK_PARSES; i++) {
        counts.push((await page.evaluate(([url, b, s]) => window.lipDemo.parse(url, b, { inputSize: s }), [SAMPLES[i % 2]!, backend, LEAK_INPUT_SIZE] as const)).numTensors);
      }
      report.push(`${backend}: numTensors over ${LEAK_PARSES} parses: ${[...new Set(counts)].join(', ')}; ${((performance.now() - t) / 1000).toFixed(1)} s`);
      expect(new Set(counts).size).toBe(1);
      expect(consoleErrors).toEqual([]);
    });
  }

  it('parses with the shipped synthetic SS-NAN (float16) on wasm as Node does', async () => {
    const options = { inputSize: 192 };
    const node = await createSsnanParser({ model: nodeFileSystem(join(outDir, 'models/ssnan-synthetic/model.json')) });
    try {
      expect((await page.evaluate(() => window.lipDemo.loadModel('models/ssnan-synthetic/model.json', 'ssnan'))).ok).toBe(true);
      for (const sample of SAMPLES) {
        const image = await decodeRgbImage(readFileSync(join(outDir, sample)), join(outDir, sample), null);
        const want = (await node.parse(image, options)).segmentation.labels.data;
        const got = await page.evaluate(([url, o]) => window.lipDemo.parse(url, 'wasm', o), [sample, options] as const);
        let same = 0;
        for (let i = 0; i < want.length; i++) if (got.labels[i] === want[i]) same++;
        report.push(`ssnan-synthetic, wasm, ${sample}: labels ${((100 * same) / want.length).toFixed(3)} % as Node's; ${new Set(want).size} classes; parse ${got.parseMs.toFixed(0)} ms`);
        expect(same / want.length).toBeGreaterThanOrEqual(0.999);
        expect(new Set(want).size).toBeGreaterThan(1); // it parses: more than the background
      }
    } finally {
      node.dispose();
    }
    expect(consoleErrors).toEqual([]);
  });

  it('shows the parser error in the page for a model URL that 404s and for a model.json of another kind', async () => {
    const missing = await page.evaluate(() => window.lipDemo.loadModel('models/missing/model.json', 'jppnet'));
    expect(missing.ok).toBe(false);
    expect(missing.error).toMatch(/models\/missing\/model\.json.*404/);
    expect(await page.evaluate(() => window.lipDemo.errorText())).toBe(missing.error);
    expect(await page.locator('#error').isVisible()).toBe(true);

    const other = await page.evaluate(() => window.lipDemo.loadModel('models/not-a-parser/model.json', 'jppnet'));
    expect(other.ok).toBe(false);
    expect(other.error).toMatch(/not-a-parser\/model\.json.*jppnet/);
    expect(await page.evaluate(() => window.lipDemo.errorText())).toBe(other.error);
    report.push(`bad models: "${missing.error}" | "${other.error}"`);
    // The 404s are the only console errors (Chromium logs every failed fetch).
    expect(consoleErrors.filter((e) => !/Failed to load resource: .*404/.test(e))).toEqual([]);

    // The page recovers: back to the shipped model.
    expect((await page.evaluate(() => window.lipDemo.loadModel('models/jppnet-synthetic/model.json', 'jppnet'))).ok).toBe(true);
    expect(await page.evaluate(() => window.lipDemo.errorText())).toBe('');
  });

  it('made no request to any host but 127.0.0.1', () => {
    expect(foreignRequests).toEqual([]);
  });
});
