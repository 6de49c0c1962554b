import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfusionMatrix } from '../confusion-matrix.js';
import { LIP_CLASS_NAMES } from '@lip/schema';
import pckhFixture from '../__fixtures__/pckh.json' with { type: 'json' };
import type { CliIO } from './cli-io.js';
import { writeTestPng } from '@lip/schema/testing';
import { runCli } from './run-cli.js';

const run = promisify(execFile);

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function grayPng(data: Uint8Array, width: number, height: number): Uint8Array {
  return writeTestPng({ width, height, data, filter: 2 });
}
/** A palette PNG whose colours differ from the indices, so decoding to RGB would be caught. */
function palettePng(data: Uint8Array, width: number, height: number): Uint8Array {
  const palette = Array.from({ length: 256 }, (_, i) => [(i * 37) % 256, 255 - i, (i * 11) % 256] as [number, number, number]);
  return writeTestPng({ width, height, data, colorType: 3, palette, filter: 4 });
}

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

let root: string;
let gtDir: string;
let predDir: string;
const images: { id: string; gt: Uint8Array; pred: Uint8Array; width: number; height: number }[] = [];

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'lip-metrics-cli-'));
  gtDir = path.join(root, 'gt');
  predDir = path.join(root, 'pred');
  mkdirSync(gtDir);
  mkdirSync(predDir);
  for (let i = 0; i < 24; i++) {
    const width = 20 + (i % 5);
    const height = 30 - (i % 3);
    const gt = new Uint8Array(width * height);
    const pred = new Uint8Array(width * height);
    for (let k = 0; k < gt.length; k++) {
      // classes 0..16 only: 17, 18 and 19 never in the ground truth; 18 is predicted, 19 never
      gt[k] = random() < 0.05 ? 255 : Math.floor(random() * 17);
      pred[k] = random() < 0.7 ? gt[k]! % 17 : random() < 0.1 ? 18 : Math.floor(random() * 17);
    }
    const id = `10${i}_${1000 + i}`;
    images.push({ id, gt, pred, width, height });
    writeFileSync(path.join(gtDir, `${id}.png`), grayPng(gt, width, height));
    writeFileSync(path.join(predDir, `${id}.png`), i % 2 ? palettePng(pred, width, height) : grayPng(pred, width, height));
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function expectedMatrix(subset = images) {
  const m = new ConfusionMatrix(20);
  for (const im of subset) m.update(im.gt, im.pred, { width: im.width, height: im.height });
  return m;
}

describe('lip-metrics parsing', () => {
  it('--json prints exactly one object of the documented shape, equal to the library result, null for NaN', async () => {
    const { code, stdout, stderr } = await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--json', '--threads', '0']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['images', 'pixels', 'pixelAccuracy', 'meanAccuracy', 'meanIoU', 'frequencyWeightedIoU', 'classes']);
    expect(Object.keys(out.classes[0])).toEqual(['id', 'name', 'iou', 'accuracy', 'gtPixels', 'predPixels']);
    const m = expectedMatrix();
    const r = m.compute();
    expect(out.images).toBe(24);
    expect(out.pixels).toBe(m.pixels);
    expect(out.pixelAccuracy).toBe(r.pixelAccuracy);
    expect(out.meanAccuracy).toBe(r.meanAccuracy);
    expect(out.meanIoU).toBe(r.meanIoU);
    expect(out.frequencyWeightedIoU).toBe(r.frequencyWeightedIoU);
    expect(out.classes).toHaveLength(20);
    expect(out.classes[5]).toEqual({
      id: 5,
      name: 'Upper-clothes',
      iou: r.classes[5]!.iou,
      accuracy: r.classes[5]!.accuracy,
      gtPixels: r.classes[5]!.gtPixels,
      predPixels: r.classes[5]!.predPixels,
    });
    // class 18: predicted, never in gt -> IoU 0, accuracy NaN; class 19: in neither -> both NaN
    expect(out.classes[18]).toMatchObject({ name: 'Left-shoe', iou: 0, accuracy: null, gtPixels: 0 });
    expect(out.classes[19]).toMatchObject({ iou: null, accuracy: null, gtPixels: 0, predPixels: 0 });
    expect(stdout).toContain('"accuracy":null');
  });

  it('--policy zero changes only the means and absent-class values', async () => {
    const { stdout } = await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--json', '--threads', '0', '--policy', 'zero']);
    const out = JSON.parse(stdout);
    const r = expectedMatrix().compute({ absentClassPolicy: 'zero' });
    expect(out.meanIoU).toBe(r.meanIoU);
    expect(out.meanAccuracy).toBe(r.meanAccuracy);
    expect(out.classes[19]).toMatchObject({ iou: 0, accuracy: 0 });
  });

  it('prints a per-class table and the headline numbers', async () => {
    const { code, stdout } = await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--threads', '0']);
    expect(code).toBe(0);
    const r = expectedMatrix().compute();
    expect(stdout).toContain(`24 images, ${r.pixels} pixels counted, absent-class policy nan-skip`);
    expect(stdout).toMatch(new RegExp(`Mean IoU\\s+${(r.meanIoU * 100).toFixed(2)} %`));
    expect(stdout).toMatch(/ 19 {2}Right-shoe\s+n\/a\s+n\/a\s+0\s+0/);
    for (const name of LIP_CLASS_NAMES) expect(stdout).toContain(name);
  });

  it('--list selects ids; --per-image writes one row per image; --save-matrix + merge equals the whole run', async () => {
    const listA = path.join(root, 'a.txt');
    const listB = path.join(root, 'b.txt');
    writeFileSync(listA, images.slice(0, 10).map((im) => im.id).join('\n') + '\n\n');
    writeFileSync(listB, images.slice(10).map((im) => `${im.id}.png`).join('\r\n'));
    const csv = path.join(root, 'per-image.csv');
    const a = path.join(root, 'a.json');
    const b = path.join(root, 'b.json');
    const runA = await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--list', listA, '--json', '--threads', '0', '--per-image', csv, '--save-matrix', a]);
    expect(runA.code).toBe(0);
    expect(JSON.parse(runA.stdout).images).toBe(10);
    expect(JSON.parse(runA.stdout).meanIoU).toBe(expectedMatrix(images.slice(0, 10)).compute().meanIoU);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('id,pixels,pixelAccuracy,meanAccuracy,meanIoU,frequencyWeightedIoU');
    expect(rows).toHaveLength(11);
    const first = images[0]!;
    const own = new ConfusionMatrix(20).update(first.gt, first.pred, first).compute();
    expect(rows[1]).toBe([first.id, own.pixels, own.pixelAccuracy, own.meanAccuracy, own.meanIoU, own.frequencyWeightedIoU].join(','));
    expect((await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--list', listB, '--threads', '0', '--save-matrix', b])).code).toBe(0);
    const merged = path.join(root, 'merged.json');
    const m = await cli(['merge', a, b, '--json', '--out', merged]);
    expect(m.code).toBe(0);
    const whole = await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--json', '--threads', '0']);
    expect(m.stdout).toBe(whole.stdout);
    expect(JSON.parse(readFileSync(merged, 'utf8'))).toEqual(expectedMatrix().toJSON());
    const table = await cli(['merge', a, b]);
    expect(table.stdout).toContain('24 images');
    expect(table.stdout).toContain('2 shards');
  });

  it('a missing prediction is an error naming the id', async () => {
    const dir = path.join(root, 'pred-missing');
    mkdirSync(dir);
    for (const im of images.slice(1)) writeFileSync(path.join(dir, `${im.id}.png`), grayPng(im.pred, im.width, im.height));
    const r = await cli(['parsing', '--gt', gtDir, '--pred', dir, '--json', '--threads', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`lip-metrics: no prediction for image ${images[0]!.id}: `);
  });

  it('a size mismatch names the id and both sizes; an RGB PNG names the file; an id missing from --gt is an error', async () => {
    const dir = path.join(root, 'pred-bad');
    mkdirSync(dir);
    const im = images[0]!;
    writeFileSync(path.join(dir, `${im.id}.png`), grayPng(new Uint8Array(10 * 10), 10, 10));
    const list = path.join(root, 'one.txt');
    writeFileSync(list, im.id);
    let r = await cli(['parsing', '--gt', gtDir, '--pred', dir, '--list', list, '--threads', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`image ${im.id}: prediction is 10x10 but ground truth is ${im.width}x${im.height} (width x height)`);
    const rgb = path.join(dir, `${im.id}.png`);
    writeFileSync(rgb, writeTestPng({ width: 2, height: 1, data: new Uint8Array(6), colorType: 2 }));
    r = await cli(['parsing', '--gt', gtDir, '--pred', dir, '--list', list, '--threads', '0']);
    expect(r.stderr).toContain(`${rgb}: expected an 8-bit single-channel label PNG (grayscale or palette), got a 8-bit 3-channel image`);
    const png = grayPng(im.pred, im.width, im.height);
    writeFileSync(rgb, png.subarray(0, png.length - 20));
    r = await cli(['parsing', '--gt', gtDir, '--pred', dir, '--list', list, '--threads', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${rgb}: truncated PNG: `);
    writeFileSync(list, 'nope_1\n');
    r = await cli(['parsing', '--gt', gtDir, '--pred', dir, '--list', list, '--threads', '0']);
    expect(r.stderr).toContain('no ground truth for image nope_1');
  });

  it('a ground-truth value >= classes is an error unless --drop-out-of-range', async () => {
    const dir = path.join(root, 'gt-20');
    mkdirSync(dir);
    const gt = Uint8Array.from([0, 1, 20, 255]);
    writeFileSync(path.join(dir, 'x.png'), grayPng(gt, 2, 2));
    const pdir = path.join(root, 'pred-20');
    mkdirSync(pdir);
    writeFileSync(path.join(pdir, 'x.png'), grayPng(Uint8Array.from([0, 0, 0, 0]), 2, 2));
    let r = await cli(['parsing', '--gt', dir, '--pred', pdir, '--json', '--threads', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('image x: ground-truth value 20 at pixel (x=0, y=1)');
    r = await cli(['parsing', '--gt', dir, '--pred', pdir, '--json', '--threads', '0', '--drop-out-of-range']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ images: 1, pixels: 2, pixelAccuracy: 0.5 });
  });

  it('--classes FILE sets the number of classes and the names', async () => {
    const names = path.join(root, 'names.txt');
    writeFileSync(names, Array.from({ length: 25 }, (_, i) => `c${i}`).join('\n') + '\n');
    const r = await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--json', '--threads', '0', '--classes', names]);
    const out = JSON.parse(r.stdout);
    expect(out.classes).toHaveLength(25);
    expect(out.classes[24]).toEqual({ id: 24, name: 'c24', iou: null, accuracy: null, gtPixels: 0, predPixels: 0 });
  });

  it('usage errors exit with 2 and print the usage', async () => {
    let r = await cli(['parsing', '--gt', gtDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pred is required');
    r = await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--policy', 'mean']);
    expect(r.stderr).toContain('--policy must be one of nan-skip, zero, got "mean"');
    r = await cli(['parsing', '--bogus']);
    expect(r.code).toBe(2);
    r = await cli(['frobnicate']);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    r = await cli(['help', 'parsing']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--per-image FILE.csv');
  });
});

describe('lip-metrics pose', () => {
  const write = (name: string, text: string) => {
    const file = path.join(root, name);
    writeFileSync(file, text);
    return file;
  };

  it('--json gives the PCKh columns as fractions, equal to the numpy fixture', async () => {
    const gt = write('gt.csv', pckhFixture.gtCsv);
    const pred = write('pred.csv', pckhFixture.predCsv);
    const r = await cli(['pose', '--gt', gt, '--pred', pred, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const e = pckhFixture.expected.lip.at['0.5'];
    expect(Object.keys(out)).toEqual([
      'convention', 'threshold', 'images', 'excludedImages', 'head', 'shoulder', 'elbow', 'wrist', 'hip', 'knee', 'ankle', 'upperBody', 'mean', 'joints',
    ]);
    expect(out.images).toBe(e.images);
    expect(Math.abs(out.mean - e.mean!)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(out.upperBody - e.upperBody!)).toBeLessThanOrEqual(1e-12);
    expect(out.joints).toHaveLength(16);
    const table = await cli(['pose', '--gt', gt, '--pred', pred, '--threshold', '0.2']);
    expect(table.stdout).toContain('PCKh@0.2 (lip convention): 57 images, 3 excluded (no head size)');
    expect(table.stdout).toContain((pckhFixture.expected.lip.at['0.2'].mean! * 100).toFixed(2));
  });

  it('mpii convention with head boxes', async () => {
    const gt = write('gt.csv', pckhFixture.gtCsv);
    const pred = write('pred.csv', pckhFixture.predCsv);
    const boxes = write('boxes.csv', Object.entries(pckhFixture.headBoxes).map(([id, b]) => [id, ...b].join(',')).join('\n'));
    const r = await cli(['pose', '--gt', gt, '--pred', pred, '--json', '--convention', 'mpii', '--head-boxes', boxes]);
    expect(Math.abs(JSON.parse(r.stdout).mean - pckhFixture.expected.mpii.at['0.5'].mean!)).toBeLessThanOrEqual(1e-12);
    expect((await cli(['pose', '--gt', gt, '--pred', pred, '--convention', 'mpii'])).code).toBe(2);
  });

  it('a malformed row names the file and line; NaN columns are null', async () => {
    const lines = pckhFixture.gtCsv.trim().split('\n');
    const bad = write('bad.csv', [lines[0], lines[1]!.split(',').slice(0, 30).join(',')].join('\n'));
    const r = await cli(['pose', '--gt', bad, '--pred', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:2: expected an image name and 48 values`);
    // one image whose wrists are missing in the ground truth: wrist PCKh is NaN -> null
    const row = lines[0]!.split(',');
    for (const j of [10, 15]) row.splice(1 + 3 * j, 3, 'nan', 'nan', 'nan');
    const one = write('one.csv', row.join(',') + '\n');
    const out = JSON.parse((await cli(['pose', '--gt', one, '--pred', one, '--json'])).stdout);
    expect(out.wrist).toBeNull();
    expect(out.joints[10]).toMatchObject({ pckh: null, count: 0 });
  });
});

describe('built CLI on worker threads', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let outDir: string;
  beforeAll(async () => {
    const { build } = await import('tsup');
    // Inside the package (under its gitignored node_modules), next to the package's dependencies.
    const cacheDir = path.join(here, '..', '..', 'node_modules', '.cache');
    mkdirSync(cacheDir, { recursive: true });
    outDir = mkdtempSync(path.join(cacheDir, 'cli-test-build-'));
    await build({
      config: false,
      entry: { cli: path.join(here, '..', 'cli.ts'), 'parsing-worker': path.join(here, 'parsing-worker.ts') },
      format: ['esm'],
      outDir,
      target: 'node20',
      silent: true,
      banner: { js: '#!/usr/bin/env node' },
    });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('--threads 2 gives the same JSON as the in-process run; no progress bar without a TTY', async () => {
    const cliJs = path.join(outDir, 'cli.js');
    const spawned = await run(process.execPath, [cliJs, 'parsing', '--gt', gtDir, '--pred', predDir, '--json', '--threads', '2']);
    const inProcess = await cli(['parsing', '--gt', gtDir, '--pred', predDir, '--json', '--threads', '0']);
    expect(spawned.stdout).toBe(inProcess.stdout);
    expect(spawned.stderr).toBe('');
    expect(readFileSync(cliJs, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('a worker error is reported with the id and exit code 1', async () => {
    const dir = path.join(root, 'pred-worker-bad');
    mkdirSync(dir);
    for (const im of images) writeFileSync(path.join(dir, `${im.id}.png`), grayPng(im.pred, im.width, im.height));
    const broken = images[13]!;
    writeFileSync(path.join(dir, `${broken.id}.png`), grayPng(new Uint8Array(4), 2, 2));
    const cliArgs = [path.join(outDir, 'cli.js'), 'parsing', '--gt', gtDir, '--pred', dir, '--threads', '2'];
    let error = await run(process.execPath, cliArgs).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain(`image ${broken.id}: prediction is 2x2 but ground truth is`);
    const corrupt = grayPng(broken.pred, broken.width, broken.height);
    corrupt[corrupt.length - 20]! ^= 1; // inside the IDAT chunk: its CRC no longer matches
    writeFileSync(path.join(dir, `${broken.id}.png`), corrupt);
    error = await run(process.execPath, cliArgs).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain(`${path.join(dir, `${broken.id}.png`)}: corrupt PNG: bad CRC in the IDAT chunk`);
    unlinkSync(path.join(dir, `${broken.id}.png`));
  });
});
