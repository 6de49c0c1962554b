import { appendFile, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { writeSyntheticLip } from '@lip/dataset/synthetic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { decodeLabelPng } from '@lip/schema/node';

/** The CLI's output and error lines of one run. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const TINY = ['--backend', 'wasm', '--size', '48', '--batch', '2', '--steps-per-epoch', '2', '--width', '0.03125', '--blocks', '1,1,1,1', '--workers', '0'];

describe('train-ssnan on the synthetic mini-LIP (train → evaluate → detect)', () => {
  let dir: string;
  let data: string;
  let run: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'train-ssnan-'));
    data = join(dir, 'mini-lip');
    run = join(dir, 'run');
    await writeSyntheticLip(data, { train: 6, val: 3, size: 48, seed: 3 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the three steps, each from the previous checkpoint, with per-mode checkpoints and logs', async () => {
    const pre = await cli('train', '--model', 'scratch', '--dataset', data, '--trainmode', 'pretrain', '--epochs', '2', '--run-dir', run, ...TINY);
    expect(pre.err).not.toMatch(/Error/);
    expect(pre.code).toBe(0);
    expect(pre.err).toContain('pretrain: fresh initialisation');
    const manifest = JSON.parse(await readFile(join(run, 'run.json'), 'utf8'));
    expect(manifest.architecture).toEqual({ depth: 101, widthMultiplier: 0.03125, blocksPerStage: [1, 1, 1, 1], attentionWidth: 16 });
    const log = (await readFile(join(run, 'pretrain', 'train-log.csv'), 'utf8')).trim().split('\n');
    expect(log[0]).toBe('step,epoch,step_in_epoch,loss,lr,images,seconds');
    expect(log.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['0,0,0', '1,0,1', '2,1,0', '3,1,1']);
    // Poly per epoch: 0.002 · (1 − epoch / 2)^0.9.
    expect(Number(log[3]!.split(',')[4])).toBeCloseTo(0.002 * 0.5 ** 0.9, 8);
    const latest = JSON.parse(await readFile(join(run, 'pretrain', 'checkpoints', 'latest.json'), 'utf8'));
    expect(latest).toMatchObject({ step: 4, epoch: 2 });

    // finetune starts at its own epoch 0 from pretrain's checkpoint (never at pretrain's epoch 2).
    const fine = await cli('train', '--model', 'last', '--dataset', data, '--trainmode', 'finetune', '--epochs', '1', '--run-dir', run, ...TINY.slice(0, 8));
    expect(fine.code).toBe(0);
    expect(fine.err).toMatch(/finetune: loaded \d+ weights from .*pretrain.*step-000000004/);
    const fineLog = (await readFile(join(run, 'finetune', 'train-log.csv'), 'utf8')).trim().split('\n');
    expect(fineLog).toHaveLength(3);
    expect(fineLog[1]!.startsWith('0,0,0,')).toBe(true);

    const ss = await cli('train', '--model', 'last', '--dataset', data, '--trainmode', 'finetune_ssloss_withdeep', '--epochs', '1', '--run-dir', run, ...TINY.slice(0, 8));
    expect(ss.code).toBe(0);
    const summary = JSON.parse(await readFile(join(run, 'finetune_ssloss_withdeep', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ trainMode: 'finetune_ssloss_withdeep', settings: { layers: 'psp5+', epochs: 1, batchSize: 2 }, steps: { start: 0, end: 2 } });
    expect(summary.startedFrom).toContain(join('finetune', 'checkpoints'));

    // A finished step is not trained again.
    const again = await cli('train', '--model', 'last', '--dataset', data, '--trainmode', 'finetune', '--epochs', '1', '--run-dir', run, ...TINY.slice(0, 8));
    expect(again.code).toBe(0);
    expect(again.out).toContain('already complete');
  });

  it('resumes a step from its checkpoint with more epochs, and refuses changed settings', async () => {
    // A sitting killed after its last checkpoint (step 4) had logged step 4: the resumed sitting trains it again.
    await appendFile(join(run, 'pretrain', 'train-log.csv'), '4,2,0,9.9,0.001,2,0.1\n');
    const more = await cli('train', '--model', 'scratch', '--dataset', data, '--trainmode', 'pretrain', '--epochs', '3', '--run-dir', run, ...TINY);
    expect(more.code).toBe(0);
    expect(more.err).toMatch(/resuming from .*step-000000004/);
    const log = (await readFile(join(run, 'pretrain', 'train-log.csv'), 'utf8')).trim().split('\n');
    expect(log.slice(1).map((l) => l.split(',')[0])).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(log[5]).not.toContain('9.9');

    const changed = await cli('train', '--model', 'last', '--dataset', data, '--trainmode', 'pretrain', '--epochs', '4', '--run-dir', run, ...TINY.slice(0, 4), '--batch', '3', '--steps-per-epoch', '2');
    expect(changed.code).toBe(1);
    expect(changed.err).toMatch(/trained with batchSize 2.*delete/);

    const wider = await cli('train', '--model', 'last', '--dataset', data, '--trainmode', 'finetune_withdeep', '--run-dir', run, ...TINY.slice(0, 8), '--width', '0.5');
    expect(wider.code).toBe(1);
    expect(wider.err).toMatch(/created with .*width ×0.03125.*width 0.5/);
  });

  it('evaluates the val split with the official metrics, and writes label and palette PNGs', async () => {
    const saveDir = join(dir, 'eval');
    const result = await cli('evaluate', '--model', 'last', '--run-dir', run, '--dataset', data, '--evalnum', '0', '--json', '--save-dir', saveDir, '--max-dim', '48', '--backend', 'wasm');
    expect(result.err).not.toContain('train-ssnan:');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    expect(json.images).toBe(3);
    expect(json.pixels).toBe(3 * 48 * 48);
    expect(json.classes).toHaveLength(20);
    const ious = json.classes.map((c: { iou: number | null }) => c.iou).filter((v: number | null): v is number => v !== null);
    expect(json.meanIoU).toBeCloseTo(ious.reduce((a: number, b: number) => a + b, 0) / ious.length, 12);
    const predicted = json.classes.reduce((a: number, c: { predPixels: number }) => a + c.predPixels, 0);
    expect(predicted).toBe(json.pixels);
    const ids = (await readdir(join(saveDir, 'labels'))).sort();
    expect(ids).toEqual(['900000_1.png', '900001_1.png', '900002_1.png']);
    const gray = decodeLabelPng(await readFile(join(saveDir, 'labels', ids[0]!)));
    const palette = decodeLabelPng(await readFile(join(saveDir, 'palette', ids[0]!)));
    expect(palette.width).toBe(48);
    expect(Array.from(palette.data)).toEqual(Array.from(gray.data));
    const metrics = JSON.parse(await readFile(join(saveDir, 'metrics.json'), 'utf8'));
    expect(metrics.meanIoU).toBe(json.meanIoU);

    const table = await cli('evaluate', '--model', run, '--dataset', data, '--evalnum', '2', '--max-dim', '48', '--backend', 'wasm');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/ 0 {2}Background/);
    expect(table.out).toMatch(/2 images: PixelAcc [\d.]+ % {2}MeanAcc [\d.]+ % {2}mIoU [\d.]+ %/);
  });

  it('detects: a label, a coloured and an overlay PNG per image', async () => {
    const out = join(dir, 'detect');
    const input = join(data, 'TrainVal_images', 'TrainVal_images', 'val_images');
    const result = await cli('detect', '--model', join(run, 'finetune', 'checkpoints'), '--input', input, '--output', out, '--max-dim', '48', '--backend', 'wasm');
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['900000_1.png', '900000_1_color.png', '900000_1_overlay.png', '900001_1.png', '900001_1_color.png', '900001_1_overlay.png', '900002_1.png', '900002_1_color.png', '900002_1_overlay.png']);
    expect(decodeLabelPng(await readFile(join(out, '900001_1.png'))).data.every((v) => v < 20)).toBe(true);
  });

  it('keeps the tensor count flat across train, evaluate and detect', async () => {
    const before = tf.memory().numTensors;
    await cli('evaluate', '--model', 'last', '--run-dir', run, '--dataset', data, '--evalnum', '1', '--max-dim', '48', '--backend', 'wasm');
    await cli('detect', '--model', 'last', '--run-dir', run, '--input', join(data, 'TrainVal_images', 'TrainVal_images', 'val_images', '900000_1.jpg'), '--output', join(dir, 'd2'), '--max-dim', '48', '--backend', 'wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect((await stat(join(dir, 'd2', '900000_1_overlay.png'))).size).toBeGreaterThan(0);
  });
});
