#!/usr/bin/env node
// The release, as users meet it: starts a real npm registry (verdaccio) on 127.0.0.1 with its storage in a temporary
// folder, publishes the built packages to it as a release does (`changeset publish`), then, in scratch projects
// outside the repository whose .npmrc takes the @lip scope from that registry (everything else from the usual one):
//  1. installs all ten packages by name and loads every entry of each with `import` and with `require`;
//  2. runs an ESM script and a CJS script that build tiny JPPNet and SS-NAN models, save them, load them with the
//     parser factories, parse an image and score the labels with @lip/metrics;
//  3. installs @lip/metrics alone: its lockfile must hold no tfjs and no package with an install script (no native
//     addon), and `npx lip-metrics --help` must run;
//  4. bundles the SS-NAN parser for the browser (esbuild, from the installed packages) and parses in Chromium the
//     image the ESM script parsed, with the model it saved: the labels must be Node's.
// Prints what each published tarball weighs. Needs `npm run build` first; Chromium (/usr/bin/chromium, or
// LIP_CHROMIUM) for step 4, which fails without it when LIP_REQUIRE_BROWSER_TESTS=1 and is skipped loudly otherwise.
// verdaccio is installed on first use into ~/.cache/lip-verdaccio (LIP_VERDACCIO_DIR); it is never a dependency.
// LIP_KEEP_ROUND_TRIP=1 keeps the temporary folder (registry storage, scratch projects) for inspection.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../examples/web/scripts/chromium.mjs';
import { publishablePackages, root } from './publishable-packages.mjs';

const VERDACCIO = 'verdaccio@6.8.0'; // the newest that runs on Node 20 (6.9 needs 22)
const TFJS = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0', '@tensorflow/tfjs-backend-cpu@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0'];
const log = (line) => console.log(`registry round trip: ${line}`);

// npm settings of the environment (a CI's registry or token) must not leak into the scratch projects.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
function sh(cmd, args, cwd, env = {}) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}
function npm(args, cwd, env) {
  try {
    return sh('npm', [...args, '--no-audit', '--no-fund'], cwd, env);
  } catch (error) {
    throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

function verdaccioBin() {
  const dir = process.env.LIP_VERDACCIO_DIR ?? join(homedir(), '.cache', 'lip-verdaccio');
  const bin = join(dir, 'node_modules', '.bin', 'verdaccio');
  const installed = existsSync(join(dir, 'package.json')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies?.verdaccio === VERDACCIO.split('@')[1];
  if (!installed || !existsSync(bin)) {
    log(`installing ${VERDACCIO} into ${dir}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }));
    npm(['install', '--save-exact', VERDACCIO], dir);
  }
  return bin;
}

/** Starts verdaccio; resolves once it answers. Its own config: @lip/* local only, everything else from the usual registry. */
async function startRegistry(work) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const usual = sh('npm', ['config', 'get', 'registry'], work).trim();
  const config = join(work, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(work, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(work, 'htpasswd')}`,
      '    max_users: 1',
      'uplinks:',
      '  usual:',
      `    url: ${usual}`,
      'packages:',
      "  '@lip/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    proxy: usual',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const child = spawn(verdaccioBin(), ['--config', config, '--listen', `127.0.0.1:${port}`], { env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  for (let i = 0; ; i++) {
    if (child.exitCode != null) throw new Error(`verdaccio exited (${child.exitCode}):\n${output}`);
    const up = await fetch(`${url}/-/ping`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 300) throw new Error(`verdaccio did not answer on ${url} within 30 s:\n${output}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  // A publisher account, as `npm adduser` makes one: its token goes into the publishing .npmrc only.
  const response = await fetch(`${url}/-/user/org.couchdb.user:release`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'release', password: 'release-round-trip' }),
  });
  const { token } = await response.json();
  if (!token) throw new Error(`verdaccio did not create the publisher account: HTTP ${response.status}`);
  return { url, token, stop: () => child.kill('SIGTERM') };
}

/** A scratch project whose .npmrc takes @lip from the local registry. */
function scratchProject(dir, registry, type) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `lip-${type === 'module' ? 'esm' : 'cjs'}-user`, private: true, type }));
  writeFileSync(join(dir, '.npmrc'), `@lip:registry=${registry}/\n`);
  return dir;
}

function entriesOf(manifest) {
  return Object.keys(manifest.exports ?? { '.': null })
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? manifest.name : `${manifest.name}/${k.slice(2)}`));
}

// Parses one image with tiny JPPNet and SS-NAN models saved to disk and loaded by the parser factories, scores the
// labels with @lip/metrics and prints a JSON summary. The same program, once as ESM and once as CommonJS.
const USER_PROGRAM = `
  const out = process.argv[2];
  await useBackend('wasm');
  const width = 48, height = 40;
  const image = { width, height, data: Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + (i % 7) * 11) % 256) };
  const jppnet = createJppnet({ widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 2, 1], headInitializer: 'he', seed: 7 });
  await saveJppnet(jppnet, out + '/jppnet');
  jppnet.dispose();
  const ssnan = createSsnan({ widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], seed: 3 });
  await ssnan.model.save(nodeFileSystem(out + '/ssnan'));
  ssnan.dispose();
  const jppnetParser = await createJppnetParser({ model: out + '/jppnet' });
  const ssnanParser = await createSsnanParser({ model: out + '/ssnan' });
  const a = await jppnetParser.parse(image);
  const b = await ssnanParser.parse(image, { inputSize: 48 });
  const matrix = new ConfusionMatrix(20);
  matrix.update(a.segmentation.labels, b.segmentation.labels, { id: 'jppnet vs ssnan' });
  const metrics = matrix.compute();
  if (a.pose.keypoints.length !== 16 || !(metrics.pixelAccuracy >= 0 && metrics.pixelAccuracy <= 1)) throw new Error('unexpected result');
  jppnetParser.dispose();
  ssnanParser.dispose();
  console.log(JSON.stringify({ ssnanLabels: Array.from(b.segmentation.labels.data), keypoints: a.pose.keypoints.length, pixelAccuracy: metrics.pixelAccuracy }));
`;
const ESM_SCRIPT = `import { useBackend } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { createJppnet } from '@lip/jppnet';
import { createJppnetParser, saveJppnet } from '@lip/jppnet/node';
import { createSsnan } from '@lip/nan-head';
import { createSsnanParser } from '@lip/nan-head/node';
import { ConfusionMatrix } from '@lip/metrics';
${USER_PROGRAM}`;
const CJS_SCRIPT = `const { useBackend } = require('@lip/runtime');
const { nodeFileSystem } = require('@lip/runtime/node');
const { createJppnet } = require('@lip/jppnet');
const { createJppnetParser, saveJppnet } = require('@lip/jppnet/node');
const { createSsnan } = require('@lip/nan-head');
const { createSsnanParser } = require('@lip/nan-head/node');
const { ConfusionMatrix } = require('@lip/metrics');
(async () => {${USER_PROGRAM}})().catch((error) => { console.error(error); process.exit(1); });
`;
const BROWSER_ENTRY = `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createSsnanParser } from '@lip/nan-head';
window.parseWithSsnan = async (modelUrl, width, height, rgb) => {
  await tf.setBackend('cpu');
  const parser = await createSsnanParser({ model: modelUrl });
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], 255], 4 * i);
  const result = await parser.parse(new ImageData(rgba, width, height), { inputSize: 48 });
  parser.dispose();
  return Array.from(result.segmentation.labels.data);
};
`;

async function browserParse(app, nodeLabels) {
  const { build } = await import(join(root, 'node_modules', 'esbuild', 'lib', 'main.js'));
  await build({ absWorkingDir: app, entryPoints: ['browser-entry.mjs'], bundle: true, format: 'esm', platform: 'browser', outfile: 'bundle.js', logLevel: 'error' });
  log(`browser bundle of @lip/nan-head: ${(statSync(join(app, 'bundle.js')).size / 1e6).toFixed(2)} MB`);
  writeFileSync(join(app, 'index.html'), '<!doctype html><link rel="icon" href="data:,"><script type="module" src="bundle.js"></script>');
  const { serveDirectory } = await import(join(root, 'packages', 'runtime', 'dist', 'testing.js'));
  const { chromium } = await import(join(root, 'node_modules', 'playwright-core', 'index.mjs'));
  const server = await serveDirectory(app);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => typeof window.parseWithSsnan === 'function');
    const width = 48, height = 40;
    const rgb = Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + (i % 7) * 11) % 256);
    const labels = await page.evaluate(([w, h, pixels]) => window.parseWithSsnan('/out-esm/ssnan/model.json', w, h, pixels), [width, height, rgb]);
    const same = labels.filter((l, i) => l === nodeLabels[i]).length;
    if (errors.length) throw new Error(`console errors in the page: ${errors.join('; ')}`);
    if (same !== nodeLabels.length) throw new Error(`the browser's labels differ from Node's at ${nodeLabels.length - same} of ${nodeLabels.length} pixels`);
    log(`the browser bundle parses as Node does (${same} of ${nodeLabels.length} labels equal)`);
  } finally {
    await browser.close();
    await server.close();
  }
}

const work = mkdtempSync(join(tmpdir(), 'lip-registry-'));
let registry;
let failures = 0;
try {
  registry = await startRegistry(work);
  log(`verdaccio on ${registry.url} (storage ${join(work, 'storage')})`);

  // 1. Publish as a release does.
  const publishRc = join(work, 'publish.npmrc');
  writeFileSync(publishRc, `registry=${registry.url}/\n//127.0.0.1:${new URL(registry.url).port}/:_authToken=${registry.token}\n`);
  const published = sh('npx', ['changeset', 'publish', '--no-git-tag'], root, { npm_config_userconfig: publishRc, npm_config_registry: `${registry.url}/` });
  const packages = publishablePackages();
  const tarballOf = (manifest) => join(work, 'storage', ...manifest.name.split('/'), `${manifest.name.split('/')[1]}-${manifest.version}.tgz`);
  for (const { manifest } of packages) {
    if (!existsSync(tarballOf(manifest))) throw new Error(`${manifest.name}@${manifest.version} was not published:\n${published}`);
    const files = sh('tar', ['-tzvf', tarballOf(manifest)], work).trim().split('\n');
    const unpacked = files.reduce((sum, line) => sum + Number(line.split(/\s+/)[2] ?? 0), 0);
    log(`published ${manifest.name}@${manifest.version}: tarball ${(statSync(tarballOf(manifest)).size / 1e3).toFixed(1)} kB, ${files.length} files, unpacked ${(unpacked / 1e3).toFixed(1)} kB`);
  }

  // 2. Every package by name; every entry with import and require.
  const esm = scratchProject(join(work, 'esm-user'), registry.url, 'module');
  npm(['install', ...packages.map(({ manifest }) => manifest.name), ...TFJS], esm);
  const lock = JSON.parse(readFileSync(join(esm, 'package-lock.json'), 'utf8'));
  for (const { manifest } of packages) {
    // What was installed is the tarball this run published (npm records its integrity, not always its URL).
    const integrity = lock.packages[`node_modules/${manifest.name}`]?.integrity;
    const published = `sha512-${createHash('sha512').update(readFileSync(tarballOf(manifest))).digest('base64')}`;
    if (integrity !== published) throw new Error(`${manifest.name}: the installed tarball (${integrity}) is not the one published to ${registry.url}`);
  }
  log(`installed ${packages.length} packages by name from ${registry.url}, tfjs from the usual registry`);
  for (const { manifest } of packages) {
    for (const entry of entriesOf(manifest)) {
      for (const [style, type] of [['import', 'module'], ['require', 'commonjs']]) {
        const code = style === 'import' ? `const m = await import(${JSON.stringify(entry)});` : `const m = require(${JSON.stringify(entry)});`;
        try {
          sh(process.execPath, [`--input-type=${type}`, '-e', `${code} if (Object.keys(m).length === 0) throw new Error('no exports');`], esm);
        } catch (error) {
          failures++;
          console.error(`FAIL ${style} ${entry}: ${(error.stderr ?? '').split('\n').find((l) => /Error/.test(l)) ?? error.message}`);
        }
      }
    }
  }
  log(`every entry of every package loads with import and require${failures ? ` except ${failures}` : ''}`);

  // 3. A user's programs, ESM and CommonJS.
  writeFileSync(join(esm, 'parse.mjs'), ESM_SCRIPT);
  writeFileSync(join(esm, 'parse.cjs'), CJS_SCRIPT);
  const fromEsm = JSON.parse(sh(process.execPath, ['parse.mjs', join(esm, 'out-esm')], esm).trim().split('\n').pop());
  const fromCjs = JSON.parse(sh(process.execPath, ['parse.cjs', join(esm, 'out-cjs')], esm).trim().split('\n').pop());
  if (JSON.stringify(fromEsm) !== JSON.stringify(fromCjs)) throw new Error('the ESM and CommonJS programs disagree');
  log(`ESM and CommonJS programs parse with JPPNet (${fromEsm.keypoints} keypoints) and SS-NAN and score with @lip/metrics (pixel accuracy ${fromEsm.pixelAccuracy.toFixed(3)}), identically`);

  // 4. @lip/metrics alone brings no tfjs and no native addon.
  const metricsOnly = scratchProject(join(work, 'metrics-user'), registry.url, 'module');
  npm(['install', '@lip/metrics'], metricsOnly);
  const metricsLock = JSON.parse(readFileSync(join(metricsOnly, 'package-lock.json'), 'utf8'));
  const installed = Object.entries(metricsLock.packages).filter(([path]) => path !== '');
  const heavy = installed.filter(([path, p]) => path.includes('@tensorflow/') || p.hasInstallScript || p.os || p.cpu);
  if (heavy.length) throw new Error(`@lip/metrics alone installed tfjs or native packages: ${heavy.map(([path]) => path).join(', ')}`);
  sh('npx', ['--no-install', 'lip-metrics', '--help'], metricsOnly);
  log(`@lip/metrics alone: ${installed.map(([path]) => path.replace('node_modules/', '')).join(', ')}; no tfjs, no install script; npx lip-metrics --help runs`);

  // 5. A browser bundle of the parser, in Chromium.
  writeFileSync(join(esm, 'browser-entry.mjs'), BROWSER_ENTRY);
  if (existsSync(CHROMIUM)) await browserParse(esm, fromEsm.ssnanLabels);
  else if (process.env.LIP_REQUIRE_BROWSER_TESTS === '1') throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  else log(`SKIPPED the browser bundle: no Chromium at ${CHROMIUM}`);
} finally {
  registry?.stop();
  if (process.env.LIP_KEEP_ROUND_TRIP !== '1') rmSync(work, { recursive: true, force: true });
}
if (failures > 0) process.exit(1);
log('done');
