import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { workerPoolCounts } from '@lip/schema/node';
import { writeSyntheticLip } from '../synthetic/write-synthetic-lip.js';
import { iterateBatches, type LipBatch } from './batch-iterator.js';
import { createBatchLoader } from './batch-loader.js';
import { buildTestWorker } from './build-test-worker.js';
import { openLipDataset } from './open-lip-dataset.js';

let dir: string;
let workerScript: string;
let removeWorker: () => Promise<void>;
let crashScript: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lip-loader-'));
  await writeSyntheticLip(join(dir, 'lip'), { train: 10, val: 3, size: 40, seed: 3 });
  await writeSyntheticLip(join(dir, 'bad'), { train: 10, val: 0, size: 40, seed: 3 });
  await writeFile(join(dir, 'bad/TrainVal_images/TrainVal_images/train_images/100004_1.jpg'), 'garbage');
  crashScript = join(dir, 'crash.mjs');
  await writeFile(crashScript, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('boom'); });\n");
  ({ script: workerScript, remove: removeWorker } = await buildTestWorker('loader-worker'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await removeWorker();
});

async function collect(it: AsyncIterable<LipBatch>): Promise<LipBatch[]> {
  const out: LipBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

function expectSameBatches(actual: LipBatch[], expected: LipBatch[]): void {
  expect(actual.map((b) => b.ids)).toEqual(expected.map((b) => b.ids));
  actual.forEach((b, i) => {
    expect(b.shapes).toEqual(expected[i]!.shapes);
    for (const key of Object.keys(expected[i]!.arrays)) {
      expect(Buffer.from(b.arrays[key]!.buffer, b.arrays[key]!.byteOffset, b.arrays[key]!.byteLength).equals(Buffer.from(expected[i]!.arrays[key]!.buffer)), `${i} ${key}`).toBe(true);
    }
    expect(b.meta).toEqual(expected[i]!.meta);
  });
}

const small = { ssnanTrain: { size: 32 } };

describe('createBatchLoader', () => {
  it('keeps one pool of workers across epochs, with the batches of the main thread', async () => {
    const ds = await openLipDataset(join(dir, 'lip'));
    const before = workerPoolCounts();
    const options = { pipeline: 'ssnan-train' as const, batchSize: 3, seed: 7, pipelineOptions: small };
    const loader = createBatchLoader(ds, { ...options, workers: 2, workerScript });
    expect(loader.workers).toBe(2);
    const epochs = [await collect(loader.epoch(0)), await collect(loader.epoch(1))];
    for await (const batch of loader.epoch(2)) {
      expect(batch.ids.length).toBe(3);
      break; // leaving an epoch early keeps the workers
    }
    expect(loader.workers).toBe(2);
    const epoch3 = await collect(loader.epoch(3));
    expect(workerPoolCounts().started - before.started).toBe(2);
    expect(workerPoolCounts().live - before.live).toBe(2);
    await loader.close();
    expect(loader.closed).toBe(true);
    expect(loader.workers).toBe(0);
    expect(workerPoolCounts().live).toBe(before.live);
    await expect(collect(loader.epoch(4))).rejects.toThrow(/batch loader: closed/);

    const main = createBatchLoader(ds, options);
    expectSameBatches(epochs[0]!, await collect(main.epoch(0)));
    expectSameBatches(epochs[1]!, await collect(main.epoch(1)));
    expectSameBatches(epoch3, await collect(main.epoch(3)));
    expect(epochs[0]!.length).toBe(3); // 10 samples, batches of 3, last one dropped
    expect(epochs[0]![0]!.shapes).toEqual({ images: [3, 32, 32, 3], labels: [3, 32, 32] });
    await main[Symbol.asyncDispose]();
  });

  it('close() lets busy workers finish their job and exit rather than terminating them', async () => {
    // Terminating a worker can interrupt node:zlib mid-call, which aborts the process ("close before init").
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    try {
      const live = workerPoolCounts().live;
      const ds = await openLipDataset(join(dir, 'lip'));
      const loader = createBatchLoader(ds, { pipeline: 'ssnan-train', batchSize: 3, workers: 2, workerScript, pipelineOptions: small });
      for await (const batch of loader.epoch(0)) {
        expect(batch.ids.length).toBe(3);
        break; // more batches are still being prepared
      }
      await loader.close();
      expect(workerPoolCounts().live).toBe(live);
      expect(terminate).not.toHaveBeenCalled();
    } finally {
      terminate.mockRestore();
    }
  });

  it('iterateBatches terminates its workers at the end, when the loop is left, and on errors', async () => {
    const live = workerPoolCounts().live;
    const ds = await openLipDataset(join(dir, 'lip'));
    const options = { pipeline: 'ssnan-train' as const, batchSize: 4, workers: 2, workerScript, pipelineOptions: small };
    expect((await collect(iterateBatches(ds, options))).length).toBe(2);
    expect(workerPoolCounts().live).toBe(live);
    for await (const batch of iterateBatches(ds, options)) {
      expect(batch.ids.length).toBe(4);
      break;
    }
    expect(workerPoolCounts().live).toBe(live);
    const strict = await openLipDataset(join(dir, 'bad'));
    await expect(collect(iterateBatches(strict, { ...options, shuffle: false }))).rejects.toThrow(/id "100004_1": corrupt or unreadable image/);
    expect(workerPoolCounts().live).toBe(live);
  });

  it('an unreadable sample (strict dataset) closes the loader; a crashed worker fails it with its error', async () => {
    const live = workerPoolCounts().live;
    const strict = await openLipDataset(join(dir, 'bad'));
    const loader = createBatchLoader(strict, { pipeline: 'ssnan-train', batchSize: 2, shuffle: false, workers: 2, workerScript, pipelineOptions: small });
    await expect(collect(loader.epoch(0))).rejects.toThrow(/corrupt or unreadable image/);
    expect(loader.closed).toBe(true);
    expect(workerPoolCounts().live).toBe(live);

    const ds = await openLipDataset(join(dir, 'lip'));
    const crashing = createBatchLoader(ds, { pipeline: 'ssnan-train', batchSize: 2, workers: 2, workerScript: crashScript });
    await expect(collect(crashing.epoch(0))).rejects.toThrow(/batch worker \d failed: boom/);
    expect(crashing.closed).toBe(true);
    await crashing.close();
    expect(workerPoolCounts().live).toBe(live);
  });

  it('skipInvalid: skipped samples shift the batches the same way with workers as on the main thread', async () => {
    const skipped: (string | null)[] = [];
    const lenient = await openLipDataset(join(dir, 'bad'), { skipInvalid: true, onInvalid: (e) => skipped.push(e.id) });
    const options = { pipeline: 'ssnan-train' as const, batchSize: 3, shuffle: false, dropLast: false, pipelineOptions: small };
    const threaded = await collect(iterateBatches(lenient, { ...options, workers: 2, workerScript }));
    const main = await collect(iterateBatches(lenient, options));
    expect(threaded.map((b) => b.ids)).toEqual([
      ['100000_1', '100001_1', '100002_1'],
      ['100003_1', '100005_1', '100006_1'],
      ['100007_1', '100008_1', '100009_1'],
    ]);
    expectSameBatches(threaded, main);
    expect(skipped).toEqual(['100004_1', '100004_1']);
    expect(lenient.invalid.length).toBe(2);
  });

  it('an idle loader left open does not keep the process alive', async () => {
    const script = fileURLToPath(new URL(`../../node_modules/.cache/lip-dataset-test/idle-loader-${process.pid}.mjs`, import.meta.url));
    await build({
      stdin: {
        contents: `import { openLipDataset } from './open-lip-dataset.ts';
import { createBatchLoader } from './batch-loader.ts';
const ds = await openLipDataset(process.argv[2]);
const loader = createBatchLoader(ds, { pipeline: 'ssnan-train', batchSize: 2, workers: 2, workerScript: process.argv[3], pipelineOptions: { ssnanTrain: { size: 16 } } });
let n = 0;
for await (const b of loader.epoch(0)) n += b.ids.length;
console.log('batches done', n, loader.workers);`,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['sharp'],
      outfile: script,
      logLevel: 'silent',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    try {
      const run = spawnSync(process.execPath, [script, join(dir, 'lip'), workerScript], { encoding: 'utf8', timeout: 30_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('batches done 10 2');
      expect(run.status).toBe(0); // exited by itself, workers still open but idle (unref'd)
    } finally {
      await rm(script, { force: true });
    }
  });

  it('rejects a bad batch size at creation', async () => {
    const ds = await openLipDataset(join(dir, 'lip'));
    expect(() => createBatchLoader(ds, { pipeline: 'ssnan-train', batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
  });
});
