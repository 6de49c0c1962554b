import { describe, expect, it } from 'vitest';
import { UsageError } from '@lip/schema/node';
import { parseCommandLine } from './command-line.js';
import { runCli } from './run-cli.js';

describe('parseCommandLine', () => {
  it('reads train flags, leaving per-mode defaults to trainSsnan', () => {
    const parsed = parseCommandLine(['train', '--model', 'last', '--dataset', 'd', '--trainmode', 'finetune', '--batch', '4', '--lr', '0.01', '--width', '0.25', '--blocks', '1,1,2,1', '--optimizer', 'adam']);
    expect(parsed).toEqual({
      command: 'train',
      options: {
        model: 'last',
        dataset: 'd',
        trainMode: 'finetune',
        batchSize: 4,
        learningRate: 0.01,
        optimizer: 'adam',
        architecture: { widthMultiplier: 0.25, blocksPerStage: [1, 1, 2, 1] },
      },
    });
  });

  it('reads evaluate and detect flags', () => {
    expect(parseCommandLine(['evaluate', '--model', 'm', '--dataset', 'd', '--evalnum', '0', '--json', '--save-dir', 's'])).toMatchObject({
      command: 'evaluate',
      json: true,
      options: { model: 'm', dataset: 'd', evalNum: 0, saveDir: 's' },
    });
    expect(parseCommandLine(['detect', '--model', 'm', '--input', 'i', '--output', 'o', '--max-dim', '320'])).toMatchObject({
      command: 'detect',
      options: { model: 'm', input: 'i', output: 'o', maxDim: 320 },
    });
  });

  it('passes --backend on, and leaves it unset without the flag (useBackend then reads LIP_BACKEND)', () => {
    const base = ['evaluate', '--model', 'm', '--dataset', 'd'];
    expect(parseCommandLine([...base, '--backend', 'wasm'])).toMatchObject({ options: { backend: 'wasm' } });
    const parsed = parseCommandLine(base) as { options: { backend?: string } };
    expect(parsed.options).not.toHaveProperty('backend');
  });

  it.each([
    [['fit'], /unknown command "fit"; expected train, evaluate or detect/],
    [['train', '--dataset', 'd', '--trainmode', 'pretrain'], /--model is required/],
    [['train', '--model', 'x', '--dataset', 'd', '--trainmode', 'fintune_ssloss_withdeep'], /--trainmode must be one of pretrain, finetune, .* got "fintune_ssloss_withdeep"/],
    [['train', '--model', 'x', '--dataset', 'd', '--trainmode', 'pretrain', '--epochs', '2.5'], /--epochs must be an integer ≥ 1, got "2.5"/],
    [['train', '--model', 'x', '--dataset', 'd', '--trainmode', 'pretrain', '--layers', 'psp5'], /--layers must be one of all, head, psp5\+/],
    [['train', '--model', 'x', '--dataset', 'd', '--trainmode', 'pretrain', '--lr=-1'], /--lr must be a positive number/],
    [['train', '--model', 'x', '--dataset', 'd', '--trainmode', 'pretrain', '--blocks', '1,1,1'], /--blocks must be a comma list of 4 positive integers, got "1,1,1"/],
    [['train', '--model', 'x', '--dataset', 'd', '--trainmode', 'pretrain', '--backend', 'gpu'], /--backend must be one of auto, tensorflow, wasm, cpu/],
    [['train', '--model', 'x', '--dataset', 'd', '--trainmode', 'pretrain', '--evalnum', '3'], /Unknown option '--evalnum'/],
    [['train', '--model', 'x', '--dataset', 'd', '--trainmode', 'pretrain', '--optimizer', 'rmsprop'], /--optimizer must be one of sgd, adam/],
    [['evaluate', '--model', 'x', '--dataset', 'd', '--evalnum=-1'], /--evalnum must be an integer ≥ 0/],
    [['detect', '--model', 'x', '--input', 'i'], /--output is required/],
  ])('%j → %s', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});

describe('runCli', () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('exits 2 with the usage on a bad command line, 0 on --help', async () => {
    const bad = await run('train', '--model', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^train-ssnan: --dataset is required\n\nUsage: train-ssnan <command>/);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--trainmode pretrain|finetune|finetune_ssloss_withdeep');
  });

  it('exits 1 with one line naming the missing dataset or model file', async () => {
    const noData = await run('train', '--model', 'scratch', '--dataset', '/nonexistent/lip', '--trainmode', 'pretrain', '--backend', 'cpu');
    expect(noData.code).toBe(1);
    expect(noData.err).toContain('train-ssnan: --dataset /nonexistent/lip: /nonexistent/lip does not exist');
    const noModel = await run('evaluate', '--model', '/nonexistent/model.h5', '--dataset', '.', '--backend', 'cpu');
    expect(noModel.code).toBe(1);
    expect(noModel.err).toMatch(/cannot open the val split|does not exist/);
  });
});
