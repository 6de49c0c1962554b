// npm run pretrain --model ssnan on a tiny config: each retained pretrain checkpoint gets its own head finetune,
// the shipped model is the newest one's (also after --export-only then more training), and a run directory of
// other settings is refused.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SsnanPretrainConfig } from './pretrain-config.js';
import { trainSsnan } from '@lip/example-train-ssnan';
import { pretrainSsnan } from './pretrain-ssnan.js';

const TINY: SsnanPretrainConfig = {
  data: { size: 48, train: 6, val: 3, seed: 2 },
  architecture: { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] },
  size: 48,
  batchSize: 2,
  epochs: 2,
  stepsPerEpoch: 2,
  optimizer: 'adam',
  learningRate: 0.001,
  checkpointEverySteps: 1,
  headFinetuneEpochs: 1,
  headLearningRate: 0.002,
  seed: 1,
  webModelDtype: 'float16',
};

describe('pretrainSsnan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lip-pretrain-ssnan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = { outDir: join(dir, 'runs'), modelDir: join(dir, 'model'), backend: 'wasm' as const, config: TINY, command: 'test', log: () => {} };
  const runDir = join(dir, 'runs', 'ssnan');
  const heads = () => readdirSync(join(runDir, 'head')).sort();
  const weights = () => Buffer.concat(readdirSync(join(dir, 'model')).filter((n) => n.endsWith('.bin')).sort().map((n) => readFileSync(join(dir, 'model', n))));

  it('exports mid-run from the newest checkpoint, then ships the finished run’s own head finetune', async () => {
    // A first sitting killed after 2 of the 4 pretrain steps (checkpointed every step), as pretrainSsnan runs it.
    const data = join(dir, 'runs', 'data', 'mini-lip-48px-6-3-seed2');
    await expect(pretrainSsnan({ ...options, exportOnly: true })).rejects.toThrow(/holds no pretrain checkpoint .*run without --export-only first/);
    await expect(
      trainSsnan({
        dataset: data, trainMode: 'pretrain', model: 'scratch', runDir, epochs: 2, stepsPerEpoch: 2, layers: 'all', batchSize: 2,
        learningRate: 0.001, optimizer: 'adam', size: 48, architecture: TINY.architecture, checkpointEverySteps: 1, seed: 1, backend: 'wasm',
        progress: false, log: () => {}, onStep: (record) => { if (record.step === 2) throw new Error('killed'); },
      }),
    ).rejects.toThrow('killed');

    const midRun = await pretrainSsnan({ ...options, exportOnly: true });
    expect(midRun.steps).toEqual({ pretrain: 2, plannedPretrain: 4, finetune: 2 });
    const midRunWeights = weights();

    const full = await pretrainSsnan(options);
    expect(full.steps).toEqual({ pretrain: 4, plannedPretrain: 4, finetune: 2 });
    expect(full.valMeanIoU.map((p) => p.step)).toEqual([1, 2, 3, 4]); // points of pruned checkpoints stay
    expect(heads()).toEqual(['step-000000003', 'step-000000004']); // one head finetune per retained checkpoint
    expect(weights().equals(midRunWeights)).toBe(false); // not the mid-run export's head again
    expect(full.webModel.dtype).toBe('float16');
    const fullWeights = weights();
    expect(JSON.parse(readFileSync(join(dir, 'model', 'provenance.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(full)));

    // A finished run: nothing is trained again and the same model is exported.
    const again = await pretrainSsnan(options);
    expect(again.final).toEqual(full.final);
    expect(again.valMeanIoU).toEqual(full.valMeanIoU);
    expect(weights().equals(fullWeights)).toBe(true);
  });

  it('refuses to resume a run directory started with other settings', async () => {
    expect(existsSync(join(runDir, 'pretrain-config.json'))).toBe(true);
    await expect(pretrainSsnan({ ...options, config: { ...TINY, headFinetuneEpochs: 2 } })).rejects.toThrow(
      /runs\/ssnan was started with other settings \(headFinetuneEpochs 1, expected 2\): give another --out/,
    );
  });
});
