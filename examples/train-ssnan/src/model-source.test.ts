import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModelSource } from './model-source.js';

describe('resolveModelSource', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'model-source-'));
    await writeFile(join(dir, 'weights.h5'), 'x');
    await writeFile(join(dir, 'notes.txt'), 'x');
    await mkdir(join(dir, 'run', 'finetune', 'checkpoints', 'step-000000007'), { recursive: true });
    await writeFile(join(dir, 'run', 'run.json'), '{}');
    await writeFile(join(dir, 'run', 'finetune', 'checkpoints', 'step-000000007', 'model.json'), '{}');
    await writeFile(join(dir, 'run', 'finetune', 'checkpoints', 'latest.json'), JSON.stringify({ checkpoint: 'step-000000007', step: 7, epoch: 1, savedAt: '2026-01-01T00:00:00Z' }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the missing reference file and what to do', async () => {
    await expect(resolveModelSource('pspnet', { cwd: dir })).rejects.toThrow(/--model pspnet reads \.\/att_pspnet\.h5, which is not in .*Download it as the SS-NAN README says/);
    await expect(resolveModelSource('imagenet', { cwd: dir })).rejects.toThrow(/pspnet101_voc2012\.h5/);
  });

  it('finds the newest checkpoint for last, a run, a step and its checkpoints folder', async () => {
    const run = join(dir, 'run');
    const expected = join(run, 'finetune', 'checkpoints', 'step-000000007');
    for (const spec of ['last', run, join(run, 'finetune'), join(run, 'finetune', 'checkpoints'), expected]) {
      const source = await resolveModelSource(spec, { cwd: dir, runDir: run });
      expect(source).toMatchObject({ kind: 'tfjs', path: expected });
    }
    await expect(resolveModelSource('last', { cwd: dir, runDir: join(dir, 'empty') })).rejects.toThrow(/has no checkpoint yet; train a step first/);
  });

  it('accepts .h5 files and scratch only for training', async () => {
    expect(await resolveModelSource('weights.h5', { cwd: dir })).toMatchObject({ kind: 'keras', format: 'auto', path: join(dir, 'weights.h5') });
    expect(await resolveModelSource('scratch', { allowScratch: true })).toMatchObject({ kind: 'scratch' });
    await expect(resolveModelSource('scratch')).rejects.toThrow(/only makes sense for train/);
    await expect(resolveModelSource('notes.txt', { cwd: dir })).rejects.toThrow(/neither a Keras \.h5 file nor a tfjs model\.json/);
    await expect(resolveModelSource('nope', { cwd: dir })).rejects.toThrow(/does not exist \(expected pspnet, imagenet, last/);
  });
});
