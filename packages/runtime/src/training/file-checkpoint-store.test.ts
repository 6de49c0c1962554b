import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../training.js';
import { useBackend } from '../backend/use-backend.js';
import { nodeFileSystem } from '../io/node-file-system.js';
import { seededTensor } from '../testing/test-backends.js';
import type { TrainingCheckpoint } from './checkpoint-store.js';
import { fileCheckpointStore } from './file-checkpoint-store.js';
import { KerasSGD } from './keras-sgd.js';
import { batchFactory, segmentationLoss, tinySegmenter } from './test-support/tiny-segmenter.js';
import { train } from './train.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lip-ckpt-'));
  await useBackend('wasm');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function fakeCheckpoint(step: number): TrainingCheckpoint {
  return {
    state: { format: 'lip-training-checkpoint', version: 1, step, epoch: 0, stepInEpoch: step, batchesDrawn: step, seed: 3, loss: 0.5, reason: 'every-steps', savedAt: '2024-01-01T00:00:00.000Z' },
    weights: [{ name: 'dense/kernel', shape: [2, 3], dtype: 'float32', data: new Float32Array([1, 2, 3, 4, 5, step]) }],
    optimizer: [
      { name: 'iter', shape: [], dtype: 'int32', data: new Int32Array([step]) },
      { name: 'dense/kernel/momentum', shape: [2, 3], dtype: 'float32', data: new Float32Array(6).fill(-step) },
    ],
    modelTopology: null,
  };
}

describe('fileCheckpointStore', () => {
  it('writes step directories and latest.json, keeps the newest `keep`, and loads the latest', async () => {
    const dir = join(root, 'basic');
    const store = fileCheckpointStore(dir, { keep: 2 });
    expect(await store.load()).toBeNull();
    for (const step of [3, 6, 9]) expect(await store.save(fakeCheckpoint(step))).toBe(join(dir, `step-00000000${step}`));
    expect((await readdir(dir)).sort()).toEqual(['latest.json', 'step-000000006', 'step-000000009']);
    expect(JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8'))).toMatchObject({ checkpoint: 'step-000000009', step: 9 });
    expect((await readdir(join(dir, 'step-000000009'))).sort()).toEqual(['group1-shard1of1.bin', 'model.json', 'optimizer.bin', 'optimizer.json', 'state.json']);
    const loaded = (await store.load())!;
    expect(loaded.state).toEqual(fakeCheckpoint(9).state);
    expect(loaded.weights).toEqual(fakeCheckpoint(9).weights);
    expect(loaded.optimizer).toEqual(fakeCheckpoint(9).optimizer);
  });

  it('falls back to the newest complete checkpoint without latest.json, and names truncated files', async () => {
    const dir = join(root, 'fallback');
    const store = fileCheckpointStore(dir, { keep: 3 });
    await store.save(fakeCheckpoint(1));
    await store.save(fakeCheckpoint(2));
    await rm(join(dir, 'latest.json'));
    expect((await store.load())!.state.step).toBe(2);
    await truncate(join(dir, 'step-000000002', 'optimizer.bin'), 10);
    await writeFile(join(dir, 'latest.json'), JSON.stringify({ checkpoint: 'step-000000002' }));
    await expect(store.load()).rejects.toThrow(/step-000000002\/optimizer\.json is truncated: 'dense\/kernel\/momentum' needs bytes 4–28 of 10/);
  });

  it('holds a model loadable with tf.loadLayersModel, and resumes train() across fresh models and optimizers', async () => {
    const dir = join(root, 'train');
    const store = fileCheckpointStore(dir);
    const opts = { data: batchFactory(3), epochs: 2, loss: segmentationLoss, log: false as const, seed: 5 };
    const reference = tinySegmenter();
    const referenceOpt = new KerasSGD({ learningRate: 0.05, momentum: 0.9 });
    await train({ ...opts, model: reference, optimizer: referenceOpt });

    const first = tinySegmenter();
    const firstOpt = new KerasSGD({ learningRate: 0.05, momentum: 0.9 });
    await expect(train({ ...opts, model: first, optimizer: firstOpt, checkpoint: { store, everySteps: 2 }, onCheckpoint: ({ step }) => { if (step === 4) throw new Error('stop'); } })).rejects.toThrow('stop');
    const latest = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')) as { checkpoint: string; step: number };
    expect(latest.step).toBe(4);
    // The checkpoint's model is a standard tfjs model.
    const fromDisk = await tfl.loadLayersModel(nodeFileSystem(join(dir, latest.checkpoint)));
    const x = seededTensor([1, 16, 16, 3], 9);
    expect(Array.from((fromDisk.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((first.predict(x) as tf.Tensor).dataSync()));

    const second = tinySegmenter();
    const secondOpt = new KerasSGD({ learningRate: 0.05, momentum: 0.9 });
    const history = await train({ ...opts, model: second, optimizer: secondOpt, checkpoint: { store, everySteps: 2 }, resume: true });
    expect(history.startStep).toBe(4);
    reference.weights.forEach((w, i) => expect(Array.from(second.weights[i]!.read().dataSync()), w.originalName).toEqual(Array.from(w.read().dataSync())));
    tf.dispose(x);
    [referenceOpt, firstOpt, secondOpt].forEach((o) => o.dispose());
  });

  it('refuses a checkpoint of another model', async () => {
    const dir = join(root, 'mismatch');
    await fileCheckpointStore(dir).save(fakeCheckpoint(1));
    const model = tinySegmenter();
    const optimizer = new KerasSGD({ learningRate: 0.1 });
    await expect(train({ model, optimizer, data: batchFactory(1), epochs: 1, loss: segmentationLoss, log: false, resume: true, checkpoint: { store: fileCheckpointStore(dir) } }))
      .rejects.toThrow(/checkpoint .*mismatch has 1 weights but model 'tiny_segmenter' has 13/);
    optimizer.dispose();
  });
});
