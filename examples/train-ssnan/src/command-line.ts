import { parseArgs } from 'node:util';
import { SSNAN_TRAIN_MODES, type SsnanLayerSet, type SsnanTrainMode } from '@lip/nan-head';
import type { BackendRequest, BatchNormMode } from '@lip/runtime';
import type { SsnanArchitecture } from './architecture.js';
import type { DetectSsnanOptions } from './detect-ssnan.js';
import type { EvaluateSsnanOptions } from './evaluate-ssnan.js';
import type { TrainSsnanOptions } from './train-ssnan.js';

/** A command line that cannot be understood: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: train-ssnan <command> [flags]   (the SS-NAN reference's LIP.py, in TypeScript)

  train     --model pspnet|imagenet|last|scratch|PATH --dataset DIR
            --trainmode pretrain|finetune|finetune_ssloss_withdeep (also finetune_withdeep, finetune_ssloss)
            [--epochs N] [--layers all|head|psp5+]      defaults: pretrain 40/all, finetune 30/head, SS step 30/psp5+
            [--batch N=1] [--lr X=0.002] [--size N=320] [--steps-per-epoch N]
            [--depth 50|101] [--width X=1] [--blocks a,b,c,d] [--run-dir DIR=runs/ssnan]
            [--backend auto|tensorflow|wasm|cpu (default LIP_BACKEND, else auto)] [--seed N=1] [--workers N=1]
            [--checkpoint-every N=1000]
            [--batchnorm batch-statistics|frozen]
  evaluate  --model PATH|last --dataset DIR [--evalnum N=0 (all)] [--json] [--save-dir DIR]
            [--min-dim N=120] [--max-dim N=640] [--run-dir DIR] [--backend …] [--depth|--width|--blocks]
  detect    --model PATH|last --input FILE|DIR --output DIR
            [--min-dim N=120] [--max-dim N=640] [--run-dir DIR] [--backend …] [--depth|--width|--blocks]

A run directory holds run.json (architecture), and per train mode: checkpoints/, train-log.csv, summary.json.
Training a mode that has a checkpoint resumes it. --model last = the newest checkpoint of the run.`;

export type ParsedCommand =
  | { readonly command: 'train'; readonly options: TrainSsnanOptions }
  | { readonly command: 'evaluate'; readonly options: EvaluateSsnanOptions; readonly json: boolean }
  | { readonly command: 'detect'; readonly options: DetectSsnanOptions }
  | { readonly command: 'help' };

const COMMON = {
  model: { type: 'string' },
  'run-dir': { type: 'string' },
  backend: { type: 'string' },
  depth: { type: 'string' },
  width: { type: 'string' },
  blocks: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FLAGS = {
  train: {
    ...COMMON,
    dataset: { type: 'string' },
    trainmode: { type: 'string' },
    epochs: { type: 'string' },
    layers: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    size: { type: 'string' },
    'steps-per-epoch': { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    'checkpoint-every': { type: 'string' },
    batchnorm: { type: 'string' },
  },
  evaluate: {
    ...COMMON,
    dataset: { type: 'string' },
    evalnum: { type: 'string' },
    json: { type: 'boolean' },
    'save-dir': { type: 'string' },
    'min-dim': { type: 'string' },
    'max-dim': { type: 'string' },
  },
  detect: {
    ...COMMON,
    input: { type: 'string' },
    output: { type: 'string' },
    'min-dim': { type: 'string' },
    'max-dim': { type: 'string' },
  },
} as const;

type Values = Record<string, string | boolean | undefined>;

function required(values: Values, flag: string, command: string): string {
  const v = values[flag];
  if (typeof v !== 'string' || v === '') throw new UsageError(`${command} needs --${flag}`);
  return v;
}

function integer(values: Values, flag: string, min: number): number | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${flag} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return n;
}

function positiveNumber(values: Values, flag: string): number | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a positive number, got ${JSON.stringify(v)}`);
  return n;
}

function oneOf<T extends string>(values: Values, flag: string, allowed: readonly T[]): T | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function architectureFlags(values: Values): Partial<SsnanArchitecture> {
  const out: { -readonly [K in keyof SsnanArchitecture]?: SsnanArchitecture[K] } = {};
  const depth = oneOf(values, 'depth', ['50', '101'] as const);
  if (depth) out.depth = Number(depth) as 50 | 101;
  const width = positiveNumber(values, 'width');
  if (width !== undefined) out.widthMultiplier = width;
  const blocks = values.blocks;
  if (typeof blocks === 'string') {
    const parts = blocks.split(',').map((s) => s.trim());
    if (parts.length !== 4 || parts.some((p) => !/^[1-9]\d*$/.test(p))) {
      throw new UsageError(`--blocks must be four positive integers a,b,c,d (residual blocks of conv2..conv5), got ${JSON.stringify(blocks)}`);
    }
    out.blocksPerStage = parts.map(Number) as [number, number, number, number];
  }
  return out;
}

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Parses `train-ssnan <command> [flags]`; throws UsageError with a message naming the flag. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command !== 'train' && command !== 'evaluate' && command !== 'detect') {
    throw new UsageError(`unknown command ${JSON.stringify(command)}; expected train, evaluate or detect`);
  }
  let values: Values;
  try {
    ({ values } = parseArgs({ args: [...rest], options: FLAGS[command], strict: true, allowPositionals: false }) as { values: Values });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
  if (values.help) return { command: 'help' };
  const common = defined({
    runDir: values['run-dir'] as string | undefined,
    backend: oneOf(values, 'backend', BACKENDS) as BackendRequest | undefined,
    architecture: architectureFlags(values),
  });
  if (command === 'train') {
    const model = required(values, 'model', 'train');
    const dataset = required(values, 'dataset', 'train');
    const trainMode = required(values, 'trainmode', 'train');
    if (!SSNAN_TRAIN_MODES.includes(trainMode as SsnanTrainMode)) {
      throw new UsageError(`--trainmode must be one of ${SSNAN_TRAIN_MODES.join(', ')}, got ${JSON.stringify(trainMode)}`);
    }
    return {
      command,
      options: defined({
        ...common,
        ...(common.backend ? { backend: common.backend } : {}),
        model,
        dataset,
        trainMode: trainMode as SsnanTrainMode,
        epochs: integer(values, 'epochs', 1),
        layers: oneOf(values, 'layers', ['all', 'head', 'psp5+'] as const) as SsnanLayerSet | undefined,
        batchSize: integer(values, 'batch', 1),
        learningRate: positiveNumber(values, 'lr'),
        size: integer(values, 'size', 16),
        stepsPerEpoch: integer(values, 'steps-per-epoch', 1),
        seed: integer(values, 'seed', 0),
        workers: integer(values, 'workers', 0),
        checkpointEverySteps: integer(values, 'checkpoint-every', 1),
        batchNormMode: oneOf(values, 'batchnorm', ['batch-statistics', 'frozen'] as const) as BatchNormMode | undefined,
      }),
    };
  }
  const dims = defined({ minDim: integer(values, 'min-dim', 1), maxDim: integer(values, 'max-dim', 16) });
  if (command === 'evaluate') {
    return {
      command,
      json: values.json === true,
      options: defined({
        ...common,
        ...dims,
        ...(common.backend ? { backend: common.backend } : {}),
        model: required(values, 'model', 'evaluate'),
        dataset: required(values, 'dataset', 'evaluate'),
        evalNum: integer(values, 'evalnum', 0),
        saveDir: values['save-dir'] as string | undefined,
      }),
    };
  }
  return {
    command,
    options: defined({
      ...common,
      ...dims,
      ...(common.backend ? { backend: common.backend } : {}),
      model: required(values, 'model', 'detect'),
      input: required(values, 'input', 'detect'),
      output: required(values, 'output', 'detect'),
    }),
  };
}
