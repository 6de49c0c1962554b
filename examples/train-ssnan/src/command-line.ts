import { choiceOption, integerOption, listOption, numberOption, parseOptions, requiredOption, UsageError } from '@lip/schema/node';
import { SSNAN_TRAIN_MODES, type SsnanLayerSet, type SsnanTrainMode } from '@lip/nan-head/training';
import type { BackendRequest } from '@lip/runtime';
import type { BatchNormMode } from '@lip/runtime/training';
import type { SsnanArchitecture } from './architecture.js';
import type { DetectSsnanOptions } from './detect-ssnan.js';
import type { EvaluateSsnanOptions } from './evaluate-ssnan.js';
import type { SsnanOptimizerChoice, TrainSsnanOptions } from './train-ssnan.js';

export const USAGE = `Usage: train-ssnan <command> [flags]   (the SS-NAN reference's LIP.py, in TypeScript)

  train     --model pspnet|imagenet|last|scratch|PATH --dataset DIR
            --trainmode pretrain|finetune|finetune_ssloss_withdeep (also finetune_withdeep, finetune_ssloss)
            [--epochs N] [--layers all|head|psp5+]      defaults: pretrain 40/all, finetune 30/head, SS step 30/psp5+
            [--batch N=1] [--lr X=0.002] [--size N=320] [--steps-per-epoch N]
            [--depth 50|101] [--width X=1] [--blocks a,b,c,d] [--run-dir DIR=runs/ssnan]
            [--backend auto|tensorflow|wasm|cpu (default LIP_BACKEND, else auto)] [--seed N=1] [--workers N=1]
            [--checkpoint-every N=1000]
            [--batchnorm batch-statistics|frozen] [--optimizer sgd|adam (sgd: the reference's; adam: from scratch)]
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
    optimizer: { type: 'string' },
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

/** A string flag's value (FLAGS declares which flags take one). */
const text = (values: Values, flag: string): string | undefined => values[flag] as string | undefined;

function architectureFlags(values: Values): Partial<SsnanArchitecture> {
  const out: { -readonly [K in keyof SsnanArchitecture]?: SsnanArchitecture[K] } = {};
  const depth = choiceOption(text(values, 'depth'), 'depth', ['50', '101']);
  if (depth) out.depth = Number(depth) as 50 | 101;
  const width = numberOption(text(values, 'width'), 'width', { positive: true });
  if (width !== undefined) out.widthMultiplier = width;
  // Residual blocks of conv2..conv5.
  const blocks = listOption(text(values, 'blocks'), 'blocks', { integers: true, positive: true, length: 4 });
  if (blocks) out.blocksPerStage = blocks as [number, number, number, number];
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
  const { values } = parseOptions(rest, FLAGS[command]) as { values: Values };
  if (values.help) return { command: 'help' };
  const common = defined({
    runDir: text(values, 'run-dir'),
    backend: choiceOption(text(values, 'backend'), 'backend', BACKENDS) as BackendRequest | undefined,
    architecture: architectureFlags(values),
  });
  const integer = (flag: string, min: number) => integerOption(text(values, flag), flag, { min });
  if (command === 'train') {
    const model = requiredOption(text(values, 'model'), 'model');
    const dataset = requiredOption(text(values, 'dataset'), 'dataset');
    const trainMode: SsnanTrainMode = choiceOption(requiredOption(text(values, 'trainmode'), 'trainmode'), 'trainmode', SSNAN_TRAIN_MODES);
    return {
      command,
      options: defined({
        ...common,
        ...(common.backend ? { backend: common.backend } : {}),
        model,
        dataset,
        trainMode,
        epochs: integer('epochs', 1),
        layers: choiceOption(text(values, 'layers'), 'layers', ['all', 'head', 'psp5+']) as SsnanLayerSet | undefined,
        batchSize: integer('batch', 1),
        learningRate: numberOption(text(values, 'lr'), 'lr', { positive: true }),
        size: integer('size', 16),
        stepsPerEpoch: integer('steps-per-epoch', 1),
        seed: integer('seed', 0),
        workers: integer('workers', 0),
        checkpointEverySteps: integer('checkpoint-every', 1),
        batchNormMode: choiceOption(text(values, 'batchnorm'), 'batchnorm', ['batch-statistics', 'frozen']) as BatchNormMode | undefined,
        optimizer: choiceOption(text(values, 'optimizer'), 'optimizer', ['sgd', 'adam']) as SsnanOptimizerChoice | undefined,
      }),
    };
  }
  const dims = defined({ minDim: integer('min-dim', 1), maxDim: integer('max-dim', 16) });
  if (command === 'evaluate') {
    return {
      command,
      json: values.json === true,
      options: defined({
        ...common,
        ...dims,
        ...(common.backend ? { backend: common.backend } : {}),
        model: requiredOption(text(values, 'model'), 'model'),
        dataset: requiredOption(text(values, 'dataset'), 'dataset'),
        evalNum: integer('evalnum', 0),
        saveDir: text(values, 'save-dir'),
      }),
    };
  }
  return {
    command,
    options: defined({
      ...common,
      ...dims,
      ...(common.backend ? { backend: common.backend } : {}),
      model: requiredOption(text(values, 'model'), 'model'),
      input: requiredOption(text(values, 'input'), 'input'),
      output: requiredOption(text(values, 'output'), 'output'),
    }),
  };
}
