import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticLip } from '../synthetic/write-synthetic-lip.js';
import { iterateBatches, type LipBatch } from './batch-iterator.js';
import { batchToTensors } from './batch-tensors.js';
import { buildTestWorker } from './build-test-worker.js';
import { openLipDataset } from './open-lip-dataset.js';

let dir: string;
let workerScript: string;
let removeWorker: () => Promise<void>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lip-batches-'));
  await writeSyntheticLip(join(dir, 'lip'), { train: 10, val: 3, size: 40, seed: 2 });
  ({ script: workerScript, remove: removeWorker } = await buildTestWorker('batch-worker'));
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

const small = { ssnanTrain: { size: 32 } };

describe('iterateBatches', () => {
  it('shuffles per epoch from the seed, stacks typed arrays, drops the last partial batch', async () => {
    const ds = await openLipDataset(join(dir, 'lip'));
    const e0 = await collect(iterateBatches(ds, { pipeline: 'ssnan-train', batchSize: 4, seed: 1, pipelineOptions: small }));
    expect(e0.length).toBe(2);
    expect(e0[0]!.shapes).toEqual({ images: [4, 32, 32, 3], labels: [4, 32, 32] });
    expect(e0[0]!.arrays.images).toBeInstanceOf(Float32Array);
    const again = await collect(iterateBatches(ds, { pipeline: 'ssnan-train', batchSize: 4, seed: 1, pipelineOptions: small }));
    expect(again.map((b) => b.ids)).toEqual(e0.map((b) => b.ids));
    expect(Buffer.from(again[1]!.arrays.images!.buffer).equals(Buffer.from(e0[1]!.arrays.images!.buffer))).toBe(true);
    const e1 = await collect(iterateBatches(ds, { pipeline: 'ssnan-train', batchSize: 4, seed: 1, epoch: 1, pipelineOptions: small }));
    expect(e1.flatMap((b) => b.ids)).not.toEqual(e0.flatMap((b) => b.ids));
    expect(new Set(e0.flatMap((b) => b.ids)).size).toBe(8);
  });

  it('gives the same batches with 2 worker threads as on the main thread', async () => {
    const ds = await openLipDataset(join(dir, 'lip'));
    const opts = { pipeline: 'jppnet-train' as const, batchSize: 3, seed: 4, pipelineOptions: { jppnetTrain: { inputSize: 24 } } };
    const main = await collect(iterateBatches(ds, opts));
    const threaded = await collect(iterateBatches(ds, { ...opts, workers: 2, workerScript }));
    expect(threaded.map((b) => b.ids)).toEqual(main.map((b) => b.ids));
    for (let i = 0; i < main.length; i++) {
      for (const key of ['images', 'labels', 'heatmaps']) {
        expect(Buffer.from(threaded[i]!.arrays[key]!.buffer).equals(Buffer.from(main[i]!.arrays[key]!.buffer)), key).toBe(true);
      }
    }
    expect(main[0]!.shapes.heatmaps).toEqual([3, 3, 3, 16]);
    expect(main[0]!.arrays.heatmaps!.some((v) => v > 0)).toBe(true);
  });

  it('keeps dataset order for evaluation and yields the last partial batch', async () => {
    const ds = await openLipDataset(join(dir, 'lip'), { split: 'val' });
    const batches = await collect(iterateBatches(ds, { pipeline: 'ssnan-eval', batchSize: 2, pipelineOptions: { ssnanEval: { minDim: 32, maxDim: 48 } } }));
    expect(batches.map((b) => b.ids)).toEqual([['900000_1', '900001_1'], ['900002_1']]);
    expect(batches[1]!.shapes.images).toEqual([1, 48, 48, 3]);
    expect((batches[0]!.meta[0]!.geometry as { window: number[] }).window).toEqual([4, 4, 44, 44]);
  });

  it('skipInvalid: a corrupt image is logged, counted and replaced; otherwise it throws with file and id', async () => {
    await writeFile(join(dir, 'lip/TrainVal_images/TrainVal_images/train_images/100003_1.jpg'), 'garbage');
    const strict = await openLipDataset(join(dir, 'lip'));
    await expect(collect(iterateBatches(strict, { pipeline: 'ssnan-train', batchSize: 10, shuffle: false, dropLast: false, pipelineOptions: small, workers: 1, workerScript }))).rejects.toThrow(
      /id "100003_1": corrupt or unreadable image.*100003_1\.jpg/,
    );
    const logged: string[] = [];
    const lenient = await openLipDataset(join(dir, 'lip'), { skipInvalid: true, onInvalid: (e) => logged.push(e.id!) });
    const batches = await collect(iterateBatches(lenient, { pipeline: 'ssnan-train', batchSize: 3, shuffle: false, dropLast: false, pipelineOptions: small }));
    expect(batches.flatMap((b) => b.ids)).toEqual(['100000_1', '100001_1', '100002_1', '100004_1', '100005_1', '100006_1', '100007_1', '100008_1', '100009_1']);
    expect(logged).toEqual(['100003_1']);
    expect(lenient.invalid.length).toBe(1);
  });

  it('converts a batch to tfjs tensors with the optional peer', async () => {
    const ds = await openLipDataset(join(dir, 'lip'), { split: 'val' });
    const [batch] = await collect(iterateBatches(ds, { pipeline: 'ssnan-eval', batchSize: 3, pipelineOptions: { ssnanEval: { minDim: 32, maxDim: 48 } } }));
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const tensors = await batchToTensors<import('@tensorflow/tfjs-core').Tensor>(batch!);
    expect(tensors.images!.shape).toEqual([3, 48, 48, 3]);
    expect(tensors.labels!.dtype).toBe('int32');
    expect((await tensors.labels!.data())[0]).toBe(240);
    Object.values(tensors).forEach((t) => t.dispose());
  });
});
