#!/usr/bin/env node
// bench/web's assets, in <cacheDir> (run by run.mjs in its own process, before any timing):
// - jppnet-s2-float32/, jppnet-s2-float16/: full-size JPPNet-s2 (createJppnet()'s default config, seeded random
//   weights) written once by saveJppnet, then as web models by convertToWebModel (kept between runs);
// - images/synthetic-192.png, images/synthetic-384.png: synthetic mini-LIP images (@lip/dataset/synthetic);
// - page/: examples/web built by vite (from this checkout's sources, rebuilt every run), with models/ and bench/
//   linking to the folders above, so that the page's own static server serves everything.
// Prints one JSON line: the conversion reports' sizes.
//   node bench/web/prepare.mjs <cacheDir>
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isNativeBackendBuilt } from '@lip/runtime/node';
import { useBackend } from '@lip/runtime';
import { createJppnet, saveJppnet } from '@lip/jppnet/node';
import { convertToWebModel } from '@lip/convert';
import { generateSyntheticSample } from '@lip/dataset/synthetic';
import { encodeRgbPng } from '@lip/dataset/node';

const repo = resolve(new URL('../..', import.meta.url).pathname);
const webDir = join(repo, 'examples/web');
const cacheDir = resolve(process.argv[2] ?? '/tmp/lip-bench-web');
const log = (line) => console.error(`bench/web: ${line}`);

/** The full network, default config; the seed makes the random weights (and so the files) reproducible. */
export const JPPNET_CONFIG = { seed: 20 };
export const IMAGE_SEED = 2024;
export const IMAGE_SIZES = [192, 384];
const STAMP = JSON.stringify({ version: 1, JPPNET_CONFIG });

async function writeJppnetModels() {
  const stampFile = join(cacheDir, 'jppnet-s2.stamp.json');
  const dirs = { float32: join(cacheDir, 'jppnet-s2-float32'), float16: join(cacheDir, 'jppnet-s2-float16') };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === STAMP && Object.values(dirs).every((d) => existsSync(join(d, 'model.json')))) {
    log('full-size JPPNet-s2 web models up to date');
    return;
  }
  await useBackend(isNativeBackendBuilt() ? 'tensorflow' : 'wasm');
  const scratch = mkdtempSync(join(cacheDir, 'saved-'));
  try {
    let t = performance.now();
    const jppnet = createJppnet(JPPNET_CONFIG);
    await saveJppnet(jppnet, scratch);
    jppnet.dispose();
    log(`createJppnet() + saveJppnet: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    for (const [dtype, out] of Object.entries(dirs)) {
      t = performance.now();
      const report = await convertToWebModel({ from: scratch, out, model: 'jppnet', dtype, force: true });
      log(`convertToWebModel ${dtype}: ${(report.totalBytes / 1e6).toFixed(1)} MB in ${report.shardCount} shards, ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeFileSync(stampFile, STAMP);
}

async function writeImages() {
  const dir = join(cacheDir, 'images');
  mkdirSync(dir, { recursive: true });
  for (const size of IMAGE_SIZES) {
    const { image } = generateSyntheticSample(IMAGE_SEED, 0, size);
    writeFileSync(join(dir, `synthetic-${size}.png`), await encodeRgbPng(image));
  }
}

async function buildPage() {
  const { generateAssets } = await import(join(webDir, 'scripts/generate-assets.mjs'));
  const { build } = await import('vite');
  const t = performance.now();
  await generateAssets({ log: () => {} });
  const pageDir = join(cacheDir, 'page');
  rmSync(pageDir, { recursive: true, force: true });
  await build({ root: webDir, configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir: pageDir, emptyOutDir: true } });
  for (const name of ['jppnet-s2-float32', 'jppnet-s2-float16']) symlinkSync(join(cacheDir, name), join(pageDir, 'models', name));
  symlinkSync(join(cacheDir, 'images'), join(pageDir, 'bench'));
  log(`examples/web built into ${pageDir} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

mkdirSync(cacheDir, { recursive: true });
await writeJppnetModels();
await writeImages();
await buildPage();
console.log(JSON.stringify({ ok: true }));
