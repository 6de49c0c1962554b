import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticLip } from '@lip/dataset/synthetic';
import { createBatchLoader, openLipDataset } from '@lip/dataset/node';
import { runCli } from './run-cli.js';
import { UsageError } from '@lip/schema/node';

const root = mkdtempSync(join(tmpdir(), 'jppnet-cli-'));
const dataset = join(root, 'mini-lip');
const run = join(root, 'run');
const lines: string[] = [];
const log = (line: string) => {
  lines.push(line);
};
const cli = (...args: string[]) => runCli(args, log);
const small = ['--backend', 'wasm', '--size', '32'];

beforeAll(async () => {
  await writeSyntheticLip(dataset, { train: 6, val: 3, size: 48, seed: 2 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('jppnet example CLI', () => {
  it('trains a tiny JPPNet (Adam) with heatmaps from the pose CSV, resumes, then evaluates parsing and pose and runs detect', async () => {
    await cli('train', '--dataset', dataset, '--run-dir', run, ...small, '--batch', '2', '--epochs', '1', '--steps-per-epoch', '2',
      '--width', '1/32', '--blocks', '1,1,1,1', '--stages', '1', '--init', 'he', '--bn', 'batch', '--optimizer', 'adam', '--lr', '1e-3');
    expect(lines.join('\n')).toMatch(/trained 2 steps in .* s; parsing loss .* pose loss/);
    for (const file of ['config.json', 'train-log.json', 'model/model.json', 'checkpoints/latest.json']) expect(existsSync(join(run, file)), file).toBe(true);
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    expect(config.jppnet).toMatchObject({ refinementStages: 1, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] });
    expect(config.training).toMatchObject({ size: 32, pose: true, scales: [1, 0.75, 0.5], optimizer: 'adam' });
    const trainLog = JSON.parse(readFileSync(join(run, 'train-log.json'), 'utf8'));
    expect(trainLog.losses).toHaveLength(2);
    expect(trainLog.losses[0].pose).toBeGreaterThan(0);

    lines.length = 0;
    await cli('train', '--dataset', dataset, '--run-dir', run, '--resume', '--epochs', '2', '--backend', 'wasm');
    expect(lines.join('\n')).toMatch(/resuming the run in .* with its config.json \(2 epochs in all\)/);
    expect(JSON.parse(readFileSync(join(run, 'checkpoints/latest.json'), 'utf8')).step).toBe(4);
    // The log continues the first sitting's, and the saved config carries the side it was trained at.
    expect(JSON.parse(readFileSync(join(run, 'train-log.json'), 'utf8')).losses.map((l: { step: number }) => l.step)).toEqual([0, 1, 2, 3]);
    expect(JSON.parse(readFileSync(join(run, 'model/model.json'), 'utf8')).userDefinedMetadata.jppnet.inputSize).toBe(32);

    // Fine-tuning a JPPNet model: its network and every weight, at its own side unless --size says otherwise.
    const finetuned = join(root, 'finetuned');
    lines.length = 0;
    await cli('train', '--dataset', dataset, '--run-dir', finetuned, '--weights', join(run, 'model'), '--backend', 'wasm', '--batch', '2', '--steps-per-epoch', '1', '--optimizer', 'adam', '--bn', 'batch');
    const loaded = lines.join('\n').match(/initial weights from .*: (\d+) loaded, 0 missing, 0 unused/);
    expect(loaded, lines.join('\n')).not.toBeNull();
    expect(Number(loaded![1])).toBeGreaterThan(50);
    const finetunedConfig = JSON.parse(readFileSync(join(finetuned, 'config.json'), 'utf8'));
    expect(finetunedConfig.jppnet).toEqual(config.jppnet);
    expect(config.jppnet.inputSize).toBe(32);
    expect(finetunedConfig.training.size).toBe(32);
    await expect(cli('train', '--dataset', dataset, '--run-dir', finetuned, '--weights', join(run, 'model'), '--width', '1/16')).rejects.toThrow(
      /--weights .* is a JPPNet model, which brings its own network: leave out --width/,
    );
    const notJppnet = join(root, 'not-jppnet');
    mkdirSync(notJppnet);
    writeFileSync(join(notJppnet, 'model.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(run, 'model/model.json'), 'utf8')), userDefinedMetadata: { ssnan: {} } }));
    await expect(cli('train', '--dataset', dataset, '--run-dir', finetuned, '--weights', notJppnet)).rejects.toThrow(
      /not-jppnet\/model\.json holds no 'jppnet' config in its metadata: not a JPPNet model/,
    );

    const parsingOut = join(root, 'parsing');
    lines.length = 0;
    await cli('evaluate-parsing', '--model', run, '--dataset', dataset, '--evalnum', '2', '--output', parsingOut, ...small, '--scales', '1,0.75');
    expect(lines.join('\n')).toMatch(/pixel accuracy \d+\.\d+ {2}mean accuracy \d+\.\d+ {2}mIoU \d+\.\d+ {2}\(2 images\)/);
    const metrics = JSON.parse(readFileSync(join(parsingOut, 'metrics.json'), 'utf8'));
    expect(metrics.images).toBe(2);
    expect(readdirSync(parsingOut).filter((f) => f.endsWith('.png'))).toHaveLength(4);

    const poseOut = join(root, 'pose');
    lines.length = 0;
    await cli('evaluate-pose', '--model', join(run, 'model'), '--dataset', dataset, '--evalnum', '2', '--output', poseOut, ...small, '--no-flip');
    expect(lines.join('\n')).toMatch(/PCKh@0\.5 \(LIP, 2 images, 0 without head size\): head \d/);
    const csv = readFileSync(join(poseOut, 'pose_pred.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(2);
    expect(csv[0]!.split(',')).toHaveLength(1 + 32);
    expect(JSON.parse(readFileSync(join(poseOut, 'pckh.json'), 'utf8')).joints).toHaveLength(16);

    const detectOut = join(root, 'detect');
    const image = join(dataset, 'TrainVal_images/TrainVal_images/val_images');
    await cli('detect', '--model', run, '--input', image, '--output', detectOut, ...small);
    const written = readdirSync(detectOut);
    expect(written.filter((f) => f.endsWith('_mask.png'))).toHaveLength(3);
    for (const suffix of ['_vis.png', '_overlay.png', '_skeleton.png', '_keypoints.json']) expect(written.filter((f) => f.endsWith(suffix))).toHaveLength(3);
    const keypoints = JSON.parse(readFileSync(join(detectOut, written.find((f) => f.endsWith('_keypoints.json'))!), 'utf8'));
    expect(keypoints.map((k: { name: string }) => k.name).slice(0, 2)).toEqual(['R_Ankle', 'R_Knee']);
  });

  it('keeps the log of a sitting that dies mid-run up to its last checkpoint, and a resume continues it', async () => {
    const data = join(root, 'mini-lip-broken');
    await writeSyntheticLip(data, { train: 10, val: 3, size: 48, seed: 2 });
    const runDir = join(root, 'run-broken');
    const args = ['train', '--dataset', data, '--run-dir', runDir, ...small, '--batch', '2', '--epochs', '1', '--steps-per-epoch', '5', '--checkpoint-every', '1',
      '--width', '1/32', '--blocks', '1,1,1,1', '--stages', '1', '--init', 'he', '--bn', 'batch', '--optimizer', 'adam', '--lr', '1e-3'];
    // The image of the last step (the loader's order for the run's seed), made unreadable: the sitting dies at or
    // before it (the loader reads ahead), after a checkpoint or more.
    const loader = createBatchLoader(await openLipDataset(data, { split: 'train' }), { pipeline: 'jppnet-train', batchSize: 2, seed: 1, pipelineOptions: { jppnetTrain: { inputSize: 32 } } });
    let last = '';
    let index = 0;
    for await (const batch of loader.epoch(0)) if (index++ === 4) last = batch.ids[0]!;
    await loader.close();
    const image = join(data, 'TrainVal_images/TrainVal_images/train_images', `${last}.jpg`);
    const original = readFileSync(image);
    writeFileSync(image, 'not a jpeg');
    await expect(cli(...args)).rejects.toThrow(new RegExp(last));
    const checkpointed = JSON.parse(readFileSync(join(runDir, 'checkpoints/latest.json'), 'utf8')).step as number;
    expect(checkpointed).toBeGreaterThanOrEqual(1);
    const died = JSON.parse(readFileSync(join(runDir, 'train-log.json'), 'utf8'));
    expect(died.steps).toBe(checkpointed);
    expect(died.losses.map((l: { step: number }) => l.step)).toEqual([...Array(checkpointed).keys()]);
    expect(died.seconds).toBeGreaterThan(0);

    writeFileSync(image, original);
    await cli(...args, '--resume');
    const resumed = JSON.parse(readFileSync(join(runDir, 'train-log.json'), 'utf8'));
    expect(resumed.losses.map((l: { step: number }) => l.step)).toEqual([0, 1, 2, 3, 4]);
    expect(resumed.seconds).toBeGreaterThan(died.seconds);
  });

  it('explains bad usage', async () => {
    await expect(cli('fly')).rejects.toThrow(/unknown command "fly"; expected one of train, evaluate-parsing, evaluate-pose, detect/);
    await expect(cli('train')).rejects.toThrow(UsageError);
    await expect(cli('train', '--dataset', dataset, '--width', '0')).rejects.toThrow(/--width must be a positive number/);
    await expect(cli('train', '--dataset', dataset, '--optimizer', 'sgd')).rejects.toThrow(/--optimizer must be one of momentum, adam, got "sgd"/);
    await expect(cli('train', '--dataset', dataset, '--optimizer', 'adam', '--clip-norm', '5')).rejects.toThrow(/--clip-norm applies to the momentum optimizer only/);
    await expect(cli('detect', '--input', dataset, '--output', root)).rejects.toThrow(/no .jpg\/.jpeg\/.png images/);
    await expect(cli('evaluate-parsing', '--dataset', dataset)).rejects.toThrow(/give --model DIR .* or --checkpoint PREFIX/);
    lines.length = 0;
    await cli('--help');
    expect(lines.join('\n')).toMatch(/jppnet train --dataset DIR/);
  });
});
