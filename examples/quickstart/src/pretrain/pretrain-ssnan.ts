import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { convertToWebModel } from '@lip/convert';
import { evaluateSsnan, trainSsnan } from '@lip/example-train-ssnan';
import { getBackend } from '@tensorflow/tfjs-core';
import { useBackend, type BackendRequest } from '@lip/runtime';
import { ensureSyntheticLip } from '../synthetic-data.js';
import { SSNAN_PRETRAIN_CONFIG, type SsnanPretrainConfig } from './pretrain-config.js';
import { gitCommit, type CurvePoint } from './provenance.js';
import { checkRunSettings } from './run-settings.js';
import { checkShippedModelSize } from './shipped-model-size.js';

export interface PretrainOptions {
  /** Where the data and the training run go. Default `runs/pretrain`. */
  readonly outDir?: string;
  /** Where the web model and its provenance are written. Default `models/ssnan-synthetic`. */
  readonly modelDir?: string;
  readonly backend?: BackendRequest;
  readonly config?: SsnanPretrainConfig;
  /**
   * Export what the pretrain step has reached (its newest checkpoint) without training further: the head finetune,
   * evaluation and export still run. The provenance says how far pretrain got; a later run resumes it.
   */
  readonly exportOnly?: boolean;
  /** The command line, for the provenance file. */
  readonly command?: string;
  readonly log?: (message: string) => void;
}

export interface SsnanProvenance {
  readonly what: string;
  readonly command: string;
  readonly seed: number;
  readonly commit: string;
  readonly backend: string;
  /** `pretrain` steps (of `plannedPretrain`), then `finetune` (head) steps. */
  readonly steps: { readonly pretrain: number; readonly plannedPretrain: number; readonly finetune: number };
  /** Training time: the sum of the steps' times in the run's train-log.csv files, over every sitting. */
  readonly trainingSeconds: number;
  readonly config: SsnanPretrainConfig;
  /** Mean `pretrain` loss per epoch. */
  readonly loss: readonly CurvePoint[];
  /** Val mIoU each retained `pretrain` checkpoint leads to after the head finetune (`config.headFinetuneEpochs`). */
  readonly valMeanIoU: readonly CurvePoint[];
  /** The shipped model's val mIoU and pixel accuracy (synthetic val split, `resize_image(120, size)`). */
  readonly final: { readonly meanIoU: number; readonly pixelAccuracy: number };
  /** Sizes of the web model folder. */
  readonly webModel: { readonly dtype: string; readonly bytes: number; readonly shards: number };
}

/** The rows of a train-log.csv (`step,epoch,step_in_epoch,loss,lr,images,seconds`), over every sitting. */
async function trainLog(path: string): Promise<string[][]> {
  return (await readFile(path, 'utf8')).trim().split('\n').slice(1).map((line) => line.split(','));
}

function lossCurve(rows: readonly string[][], every: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let start = 0; start < rows.length; start += every) {
    const chunk = rows.slice(start, start + every);
    const mean = chunk.reduce((sum, r) => sum + Number(r[3]), 0) / chunk.length;
    points.push({ step: Number(chunk[chunk.length - 1]![0]) + 1, value: Number(mean.toFixed(4)) });
  }
  return points;
}

const seconds = (rows: readonly string[][]): number => rows.reduce((sum, row) => sum + Number(row[6]), 0);

/** SS-NAN's `finetune` step (NAN head) from `model`, in `runDir`: what completes a `pretrain` checkpoint. */
function finetuneHead(model: string, runDir: string, dataset: string, config: SsnanPretrainConfig) {
  return trainSsnan({
    dataset,
    trainMode: 'finetune',
    model,
    runDir,
    epochs: config.headFinetuneEpochs,
    stepsPerEpoch: config.stepsPerEpoch,
    layers: 'head',
    batchSize: config.batchSize,
    learningRate: config.headLearningRate,
    optimizer: 'sgd',
    size: config.size,
    architecture: config.architecture,
    seed: config.seed,
    progress: false,
    log: () => {},
  });
}

/**
 * Binds the run directory to one config (its `pretrain-config.json`): the retained checkpoints, their head finetunes
 * and the cached curve all describe it, so a run started with other settings cannot be resumed with these.
 */
async function bindRunToConfig(runDir: string, config: SsnanPretrainConfig): Promise<void> {
  const path = join(runDir, 'pretrain-config.json');
  const saved = await readFile(path, 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>, () => null);
  if (saved == null) {
    await mkdir(runDir, { recursive: true });
    await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
    return;
  }
  checkRunSettings(runDir, saved, config as unknown as Record<string, unknown>);
}

/**
 * Trains (or resumes) the SS-NAN starting point in `<outDir>/ssnan`: `pretrain` from scratch, then the head
 * `finetune` of each retained pretrain checkpoint in `head/step-N` (rerun it to resume; a finished run only
 * re-evaluates and re-exports). Writes the newest checkpoint's head finetune as a web model (`config.webModelDtype`)
 * to `modelDir`, with `provenance.json` beside it: command, seed, commit, backend, steps, training time, the loss
 * curve and the val-mIoU curve.
 */
export async function pretrainSsnan(options: PretrainOptions = {}): Promise<SsnanProvenance> {
  const log = options.log ?? ((m: string) => console.error(m));
  const config = options.config ?? SSNAN_PRETRAIN_CONFIG;
  const outDir = resolve(options.outDir ?? 'runs/pretrain');
  const modelDir = resolve(options.modelDir ?? 'models/ssnan-synthetic');
  const runDir = join(outDir, 'ssnan');
  const curvePath = join(runDir, 'val-miou.json');
  const data = await ensureSyntheticLip(join(outDir, 'data'), config.data);
  log(`synthetic mini-LIP: ${data.root} (${config.data.train} train + ${config.data.val} val, ${config.data.size} px)`);
  await bindRunToConfig(runDir, config);

  if (!options.exportOnly) {
    await trainSsnan({
      dataset: data.root,
      trainMode: 'pretrain',
      model: 'scratch',
      runDir,
      epochs: config.epochs,
      stepsPerEpoch: config.stepsPerEpoch,
      layers: 'all',
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      optimizer: config.optimizer,
      size: config.size,
      architecture: config.architecture,
      checkpointEverySteps: config.checkpointEverySteps,
      seed: config.seed,
      ...(options.backend ? { backend: options.backend } : {}),
      log,
    });
  } else if (options.backend) {
    await useBackend(options.backend);
  }

  // Each retained pretrain checkpoint gets its own head finetune (`head/step-N`), which gives its point on the curve;
  // the newest one's is the shipped model. Points of earlier sittings stay (their checkpoints may have been pruned).
  const checkpointsDir = join(runDir, 'pretrain', 'checkpoints');
  const checkpoints = (await readdir(checkpointsDir).catch(() => [])).filter((n) => n.startsWith('step-')).sort();
  const newest = checkpoints.at(-1);
  if (newest === undefined) throw new Error(`${checkpointsDir} holds no pretrain checkpoint to finetune the head of: run without --export-only first`);
  const stepOf = (name: string) => Number(name.slice('step-'.length));
  const headsDir = join(runDir, 'head');
  const curve: CurvePoint[] = await readFile(curvePath, 'utf8').then((t) => JSON.parse(t) as CurvePoint[], () => []);
  const onCurve = (name: string) => curve.some((p) => p.step === stepOf(name));
  const finetuneAndEvaluate = async (name: string) => {
    const head = await finetuneHead(join(checkpointsDir, name), join(headsDir, name), data.root, config);
    const evaluation = await evaluateSsnan({ model: 'last', runDir: join(headsDir, name), dataset: data.root, maxDim: config.size, log: () => {} });
    if (!onCurve(name)) {
      curve.push({ step: stepOf(name), value: Number(evaluation.metrics.meanIoU.toFixed(4)) });
      curve.sort((a, b) => a.step - b.step);
      await writeFile(curvePath, `${JSON.stringify(curve)}\n`);
      log(`val mIoU at pretrain step ${stepOf(name)} (after ${config.headFinetuneEpochs * config.stepsPerEpoch} head-finetune steps): ${(100 * evaluation.metrics.meanIoU).toFixed(2)} %`);
    }
    return { checkpoint: head.checkpoint.path, evaluation };
  };
  for (const name of checkpoints.slice(0, -1)) if (!onCurve(name)) await finetuneAndEvaluate(name);
  const shipped = await finetuneAndEvaluate(newest);
  const evaluation = shipped.evaluation;
  for (const name of await readdir(headsDir)) if (!checkpoints.includes(name)) await rm(join(headsDir, name), { recursive: true, force: true });
  log(`the starting point: val mIoU ${(100 * evaluation.metrics.meanIoU).toFixed(2)} %, pixel accuracy ${(100 * evaluation.metrics.pixelAccuracy).toFixed(2)} %`);
  const report = await convertToWebModel({ from: shipped.checkpoint, out: modelDir, model: 'ssnan', dtype: config.webModelDtype, force: true, onLog: log });
  checkShippedModelSize(modelDir, report.totalBytes, report.dtype);

  // The training the shipped model holds: pretrain up to its checkpoint (a sitting may have logged steps past it).
  const pretrainRows = (await trainLog(join(runDir, 'pretrain', 'train-log.csv'))).filter((row) => Number(row[0]) < stepOf(newest));
  const finetuneRows = await trainLog(join(headsDir, newest, 'finetune', 'train-log.csv'));
  const provenance: SsnanProvenance = {
    what:
      "SS-NAN starting point, trained on the synthetic mini-LIP only (it knows only synthetic people; for photographs load the authors' weights): " +
      "SS-NAN's pretrain step from scratch, then its finetune step (NAN head).",
    command: options.command ?? 'npm run pretrain',
    seed: config.seed,
    commit: gitCommit(),
    backend: getBackend() ?? 'unknown',
    steps: { pretrain: pretrainRows.length, plannedPretrain: config.epochs * config.stepsPerEpoch, finetune: finetuneRows.length },
    trainingSeconds: Number((seconds(pretrainRows) + seconds(finetuneRows)).toFixed(1)),
    config,
    loss: lossCurve(pretrainRows, config.stepsPerEpoch),
    valMeanIoU: curve,
    final: { meanIoU: Number(evaluation.metrics.meanIoU.toFixed(4)), pixelAccuracy: Number(evaluation.metrics.pixelAccuracy.toFixed(4)) },
    webModel: { dtype: report.dtype, bytes: report.totalBytes, shards: report.shardCount },
  };
  await writeFile(join(modelDir, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
  return provenance;
}
