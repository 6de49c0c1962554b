import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { convertToWebModel } from '@lip/convert';
import { openLipDataset, type LipDataset } from '@lip/dataset/node';
import { evaluateJppnet, JPPNET_RUN_FILES, runJppnetCli, type JppnetEvaluation } from '@lip/example-jppnet';
import { createJppnetParser, type JppnetConfig } from '@lip/jppnet/node';
import { useBackend, type BackendRequest } from '@lip/runtime';
import { getBackend } from '@tensorflow/tfjs-core';
import { ensureSyntheticLip } from '../synthetic-data.js';
import { JPPNET_PRETRAIN_CONFIG, type JppnetPretrainConfig } from './pretrain-config.js';
import { gitCommit, type CurvePoint } from './provenance.js';
import { checkRunSettings } from './run-settings.js';
import { checkShippedModelSize } from './shipped-model-size.js';

export interface JppnetPretrainOptions {
  /** Where the data and the training run go. Default `runs/pretrain`. */
  readonly outDir?: string;
  /** Where the web model and its provenance are written. Default `models/jppnet-synthetic`. */
  readonly modelDir?: string;
  readonly backend?: BackendRequest;
  readonly config?: JppnetPretrainConfig;
  /** Export the newest checkpoint without training further (a later run resumes the training). */
  readonly exportOnly?: boolean;
  /** The command line, for the provenance file. */
  readonly command?: string;
  readonly log?: (message: string) => void;
}

/** Parsing and pose scores of one model on the synthetic val split. */
export interface JppnetScores {
  readonly meanIoU: number;
  readonly pixelAccuracy: number;
  /** PCKh@0.5 (LIP), mean over the 16 joints' groups as `@lip/metrics` reports it. */
  readonly pckh: number;
}

export interface JppnetProvenance {
  readonly what: string;
  readonly command: string;
  readonly seed: number;
  readonly commit: string;
  readonly backend: string;
  readonly steps: { readonly trained: number; readonly planned: number };
  /** Training time of the steps the checkpoints hold, over every sitting (train-log.json, written at each checkpoint). */
  readonly trainingSeconds: number;
  readonly config: JppnetPretrainConfig;
  /** Mean parsing and pose loss per epoch (the parsing loss with its weight). */
  readonly loss: readonly { readonly step: number; readonly parsing: number; readonly pose: number }[];
  /** Val scores of every retained checkpoint, as the parser gives them (test scales 1 / 0.75 / 1.25 and the mirror). */
  readonly val: readonly (CurvePoint & JppnetScores)[];
  /** The shipped model's val scores (as stored: `config.webModelDtype`). */
  readonly final: JppnetScores;
  readonly webModel: { readonly dtype: string; readonly bytes: number; readonly shards: number };
}

/** The test procedure the scores use: the reference's scales and mirror, at the model's own input side. */
const JPPNET_EVAL_OPTIONS = { testTimeAugmentation: { scales: [1, 0.75, 1.25], mirror: true } } as const;

/** `jppnet train`'s command line for the config (always `--resume`: a fresh run directory starts from scratch). */
export function jppnetTrainArgs(config: JppnetPretrainConfig, dataset: string, runDir: string, backend: BackendRequest | undefined): string[] {
  const n = config.network;
  return [
    'train', '--resume', '--dataset', dataset, '--run-dir', runDir,
    ...(backend ? ['--backend', backend] : []),
    '--size', String(config.size), '--batch', String(config.batchSize),
    '--epochs', String(config.epochs), '--steps-per-epoch', String(config.stepsPerEpoch),
    '--width', String(n.widthMultiplier), '--head-width', String(n.headWidthMultiplier), '--blocks', n.blocksPerStage.join(','),
    '--stages', String(n.refinementStages), '--init', n.headInitializer,
    '--bn', config.batchNorm, '--optimizer', config.optimizer, '--lr', String(config.learningRate),
    '--parsing-weight', String(config.parsingWeight), '--scales', config.scales.join(','),
    '--checkpoint-every', String(config.checkpointEverySteps), '--seed', String(config.seed),
  ];
}

function scoresOf(evaluation: JppnetEvaluation): JppnetScores {
  const round = (v: number) => Number(v.toFixed(4));
  return { meanIoU: round(evaluation.parsing!.meanIoU), pixelAccuracy: round(evaluation.parsing!.pixelAccuracy), pckh: round(evaluation.pckh!.mean) };
}

/** Scores a JPPNet model folder (a checkpoint given `config`, or a web model carrying its own) on the val split. */
async function scoreJppnet(model: string, dataset: LipDataset, config?: JppnetConfig): Promise<JppnetScores> {
  const parser = await createJppnetParser({ model, ...(config ? { config } : {}) });
  try {
    return scoresOf(await evaluateJppnet(parser, dataset, dataset.ids, JPPNET_EVAL_OPTIONS));
  } finally {
    parser.dispose();
  }
}

/** A run directory started with other settings cannot be resumed with these: say which differ. */
async function checkRunMatches(runDir: string, config: JppnetPretrainConfig): Promise<void> {
  const saved = await readFile(join(runDir, JPPNET_RUN_FILES.config), 'utf8').then((t) => JSON.parse(t) as { jppnet: JppnetConfig; training: Record<string, unknown> }, () => null);
  if (saved == null) return;
  const n = config.network;
  const expected: Record<string, unknown> = {
    widthMultiplier: n.widthMultiplier, headWidthMultiplier: n.headWidthMultiplier, blocksPerStage: n.blocksPerStage, refinementStages: n.refinementStages,
    size: config.size, batch: config.batchSize, stepsPerEpoch: config.stepsPerEpoch, optimizer: config.optimizer, lr: config.learningRate,
    parsingWeight: config.parsingWeight, scales: config.scales, seed: config.seed,
  };
  checkRunSettings(runDir, { ...saved.training, ...saved.jppnet }, expected);
}

/** A width multiplier as the READMEs write it: 0.125 → "1/8". */
const widthText = (m: number) => (Number.isInteger(1 / m) ? `1/${1 / m}` : String(m));

const percent = (v: number) => `${(100 * v).toFixed(2)} %`;

/**
 * Trains (or resumes) the JPPNet starting point with `jppnet train` in `<outDir>/jppnet` (rerun it to resume; a
 * finished run only re-evaluates and re-exports), scores every retained checkpoint on the synthetic val split, and
 * writes the result as a web model (`config.webModelDtype`) to `modelDir`, with `provenance.json` beside it.
 */
export async function pretrainJppnet(options: JppnetPretrainOptions = {}): Promise<JppnetProvenance> {
  const log = options.log ?? ((m: string) => console.error(m));
  const config = options.config ?? JPPNET_PRETRAIN_CONFIG;
  const outDir = resolve(options.outDir ?? 'runs/pretrain');
  const modelDir = resolve(options.modelDir ?? 'models/jppnet-synthetic');
  const runDir = join(outDir, 'jppnet');
  const checkpointsDir = join(runDir, JPPNET_RUN_FILES.checkpoints);
  const planned = config.epochs * config.stepsPerEpoch;
  const data = await ensureSyntheticLip(join(outDir, 'data'), config.data);
  log(`synthetic mini-LIP: ${data.root} (${config.data.train} train + ${config.data.val} val, ${config.data.size} px)`);

  await checkRunMatches(runDir, config);
  const latestStep = async () =>
    readFile(join(checkpointsDir, 'latest.json'), 'utf8').then((t) => (JSON.parse(t) as { step: number }).step, () => 0);
  if (!options.exportOnly && (await latestStep()) < planned) {
    await runJppnetCli(jppnetTrainArgs(config, data.root, runDir, options.backend), log);
  } else {
    await useBackend(options.backend ?? 'auto');
  }
  const trained = await latestStep();
  const run = JSON.parse(await readFile(join(runDir, JPPNET_RUN_FILES.config), 'utf8')) as { jppnet: JppnetConfig };
  const network: JppnetConfig = { ...run.jppnet, inputSize: config.size };
  const val = await openLipDataset(data.root, { split: 'val' });

  // The curve: every retained checkpoint, scored once. Points of earlier sittings stay (their checkpoints are pruned).
  const curvePath = join(runDir, 'val-scores.json');
  const curve: (CurvePoint & JppnetScores)[] = await readFile(curvePath, 'utf8').then((t) => JSON.parse(t) as (CurvePoint & JppnetScores)[], () => []);
  for (const name of (await readdir(checkpointsDir)).filter((n) => n.startsWith('step-')).sort()) {
    const step = Number(name.slice('step-'.length));
    if (curve.some((p) => p.step === step)) continue;
    const scores = await scoreJppnet(join(checkpointsDir, name), val, network);
    curve.push({ step, value: scores.meanIoU, ...scores });
    curve.sort((a, b) => a.step - b.step);
    await writeFile(curvePath, `${JSON.stringify(curve)}\n`);
    log(`val at step ${step}: mIoU ${percent(scores.meanIoU)}, PCKh ${percent(scores.pckh)}`);
  }

  // The finished run's model, else (--export-only mid-run) its newest checkpoint.
  const finalModel = existsSync(join(runDir, JPPNET_RUN_FILES.model, 'model.json')) && trained >= planned
    ? join(runDir, JPPNET_RUN_FILES.model)
    : join(checkpointsDir, `step-${String(trained).padStart(9, '0')}`);
  const report = await convertToWebModel({ from: finalModel, out: modelDir, model: 'jppnet', config: network as Record<string, unknown>, dtype: config.webModelDtype, force: true, onLog: log });
  checkShippedModelSize(modelDir, report.totalBytes, report.dtype);
  const final = await scoreJppnet(modelDir, val);
  log(`the starting point (${config.webModelDtype}): val mIoU ${percent(final.meanIoU)}, pixel accuracy ${percent(final.pixelAccuracy)}, PCKh ${percent(final.pckh)}`);

  const trainLog = await readFile(join(runDir, JPPNET_RUN_FILES.log), 'utf8').then(
    (t) => JSON.parse(t) as { seconds: number; losses: { step: number; parsing: number; pose: number }[] },
    () => ({ seconds: 0, losses: [] }),
  );
  const loss: { step: number; parsing: number; pose: number }[] = [];
  for (let start = 0; start < trainLog.losses.length; start += config.stepsPerEpoch) {
    const chunk = trainLog.losses.slice(start, start + config.stepsPerEpoch);
    const mean = (key: 'parsing' | 'pose') => Number((chunk.reduce((s, l) => s + l[key], 0) / chunk.length).toFixed(4));
    loss.push({ step: chunk[chunk.length - 1]!.step + 1, parsing: mean('parsing'), pose: mean('pose') });
  }
  const provenance: JppnetProvenance = {
    what:
      "JPPNet starting point, trained on the synthetic mini-LIP only (it knows only synthetic people; for photographs load the authors' weights): " +
      `JPPNet-s${config.network.refinementStages} (${config.network.refinementStages} refinement stages) with a ${widthText(config.network.widthMultiplier)}-width trunk ` +
      `and ${widthText(config.network.headWidthMultiplier)}-width heads, from scratch, parsing and pose jointly.`,
    command: options.command ?? 'npm run pretrain',
    seed: config.seed,
    commit: gitCommit(),
    backend: getBackend() ?? 'unknown',
    steps: { trained, planned },
    trainingSeconds: Number(trainLog.seconds.toFixed(1)),
    config,
    loss,
    val: curve,
    final,
    webModel: { dtype: report.dtype, bytes: report.totalBytes, shards: report.shardCount },
  };
  await writeFile(join(modelDir, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
  return provenance;
}
