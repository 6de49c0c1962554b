import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { fileCheckpointStore } from '@lip/runtime/node';
import { createJppnet, type Jppnet } from '@lip/jppnet';
import { loadJppnet, loadJppnetWeightsFile } from '@lip/jppnet/node';
import { createSsnan, type Ssnan } from '@lip/nan-head';
import { loadSsnanWeightsFile } from '@lip/nan-head/node';
import type * as tfl from '@tensorflow/tfjs-layers';
import { convertToWebModel } from './convert-to-web-model.js';
import { JPPNET_CHECKPOINT, SSNAN_H5, jppnetTinyConfig, ssnanTinyConfig, temporaryFolder, weightValues } from './testing/fixtures.js';

let tmp: Awaited<ReturnType<typeof temporaryFolder>>;
let jppnet: Jppnet;
let ssnan: Ssnan;

/** What train() leaves: a fileCheckpointStore step (model.json without metadata, optimizer, state). */
async function writeTrainingCheckpoint(dir: string, model: tfl.LayersModel, step: number, savedAt: string): Promise<void> {
  await fileCheckpointStore(dir).save({
    state: { format: 'lip-training-checkpoint', version: 1, step, epoch: 1, stepInEpoch: 0, batchesDrawn: 0, seed: 1, loss: 1.5, reason: 'epoch-end', savedAt },
    weights: model.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[], dtype: 'float32' as const, data: w.read().dataSync() as Float32Array })),
    optimizer: [{ name: 'iter', shape: [], dtype: 'int32', data: Int32Array.of(step) }],
    modelTopology: null,
  });
}

beforeAll(async () => {
  await useBackend('cpu');
  tmp = await temporaryFolder();
  jppnet = createJppnet(jppnetTinyConfig());
  await loadJppnetWeightsFile(jppnet, JPPNET_CHECKPOINT);
  ssnan = createSsnan(ssnanTinyConfig());
  await loadSsnanWeightsFile(ssnan, SSNAN_H5);
});

afterAll(async () => {
  jppnet.dispose();
  ssnan.dispose();
  await tmp.remove();
});

describe('convertToWebModel: our own training output', () => {
  it("converts a JPPNet run folder's latest checkpoint with the run's config.json", async () => {
    const run = join(tmp.dir, 'jppnet-run');
    await mkdir(run, { recursive: true });
    await writeFile(join(run, 'config.json'), JSON.stringify({ jppnet: jppnetTinyConfig(), training: { epochs: 2 } }));
    await writeTrainingCheckpoint(join(run, 'checkpoints'), jppnet.model, 12, '2026-01-01T00:00:00.000Z');
    const out = join(tmp.dir, 'jppnet-run-web');
    const report = await convertToWebModel({ from: run, out });
    expect(report.model).toBe('jppnet');
    expect(report.source).toMatch(/step-000000012 \(the latest checkpoint of .*jppnet-run\)/);
    expect(report.configSource).toBe(join(run, 'config.json'));
    const again = await loadJppnet(out);
    const expected = weightValues(jppnet.model);
    for (const [name, v] of weightValues(again.model)) expect(v, name).toEqual(expected.get(name));
    again.dispose();
  });

  it("converts an SS-NAN run folder's newest checkpoint (run.json architecture), and a checkpoint step folder inside it", async () => {
    const run = join(tmp.dir, 'ssnan-run');
    await mkdir(run, { recursive: true });
    const { depth, widthMultiplier, blocksPerStage, attentionWidth } = ssnanTinyConfig();
    await writeFile(join(run, 'run.json'), JSON.stringify({ format: 'lip-train-ssnan-run', version: 1, architecture: { depth, widthMultiplier, blocksPerStage, attentionWidth }, createdAt: '' }));
    await writeTrainingCheckpoint(join(run, 'pretrain', 'checkpoints'), ssnan.model, 5, '2026-01-01T00:00:00.000Z');
    await writeTrainingCheckpoint(join(run, 'finetune', 'checkpoints'), ssnan.model, 9, '2026-01-02T00:00:00.000Z');
    const report = await convertToWebModel({ from: run, out: join(tmp.dir, 'ssnan-run-web'), dtype: 'float16' });
    expect(report.model).toBe('ssnan');
    expect(report.source).toMatch(/finetune\/checkpoints\/step-000000009 \(the newest checkpoint of the run/);
    expect(report.config).toMatchObject({ widthMultiplier, attentionWidth, blocksPerStage });
    expect(report.comparison!.labelAgreement).toBeGreaterThanOrEqual(0.99);

    const step = join(run, 'pretrain', 'checkpoints', 'step-000000005');
    const fromStep = await convertToWebModel({ from: step, out: join(tmp.dir, 'ssnan-step-web') });
    expect(fromStep).toMatchObject({ model: 'ssnan', configSource: join(run, 'run.json') });
  });
});
