// npm run pretrain --model jppnet on a tiny config: trains, scores its checkpoints, exports float16 with provenance,
// and on a second run only re-scores and re-exports; a run directory of other settings is refused.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJppnetParser } from '@lip/jppnet/node';
import type { JppnetPretrainConfig } from './pretrain-config.js';
import { pretrainJppnet } from './pretrain-jppnet.js';

const TINY: JppnetPretrainConfig = {
  data: { size: 48, train: 6, val: 3, seed: 2 },
  network: { widthMultiplier: 1 / 32, headWidthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], refinementStages: 1, headInitializer: 'he' },
  size: 48,
  batchSize: 2,
  epochs: 2,
  stepsPerEpoch: 2,
  optimizer: 'adam',
  learningRate: 0.001,
  batchNorm: 'batch',
  parsingWeight: 10,
  scales: [1],
  checkpointEverySteps: 1,
  seed: 1,
  webModelDtype: 'float16',
};

describe('pretrainJppnet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lip-pretrain-jppnet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = { outDir: join(dir, 'runs'), modelDir: join(dir, 'model'), backend: 'wasm' as const, config: TINY, command: 'test', log: () => {} };

  it('trains, scores the retained checkpoints, and writes a float16 web model that parses at its size, with provenance', async () => {
    const provenance = await pretrainJppnet(options);
    expect(provenance.steps).toEqual({ trained: 4, planned: 4 });
    expect(provenance.val.map((p) => p.step)).toEqual([3, 4]); // the two checkpoints the run keeps
    for (const p of provenance.val) for (const v of [p.meanIoU, p.pixelAccuracy, p.pckh]) expect(v).toBeGreaterThanOrEqual(0);
    expect(provenance.loss.map((l) => l.step)).toEqual([2, 4]);
    expect(provenance.webModel.dtype).toBe('float16');
    expect(provenance.trainingSeconds).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(dir, 'model', 'provenance.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(provenance)));
    const parser = await createJppnetParser({ model: join(dir, 'model') });
    expect(parser.config.inputSize).toBe(48);
    parser.dispose();

    // A second run finds the run finished: nothing is trained again; the scores are the same.
    const again = await pretrainJppnet(options);
    expect(again.steps).toEqual(provenance.steps);
    expect(again.val).toEqual(provenance.val);
    expect(again.final).toEqual(provenance.final);
  });

  it('refuses to resume a run directory started with other settings', async () => {
    expect(existsSync(join(dir, 'runs', 'jppnet', 'config.json'))).toBe(true);
    await expect(pretrainJppnet({ ...options, config: { ...TINY, learningRate: 0.01 } })).rejects.toThrow(
      /runs\/jppnet was started with other settings \(lr 0\.001, expected 0\.01\): give another --out/,
    );
  });
});
