import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { createSsnan } from '@lip/nan-head';
import {
  checkSsnanTrainMode,
  createSsnanOptimizer,
  createSsnanTrainingStep,
  ssnanTrainableLayers,
  type SsnanLayerSet,
  type SsnanTrainMode,
} from '@lip/nan-head/training';
import { useBackend, type BackendRequest } from '@lip/runtime';
import { PolyAdamOptimizer, train, type BatchNormMode, type ProgressOptions, type ProgressReporter, type StepRecord, type TrainingHistory } from '@lip/runtime/training';
import { fileCheckpointStore } from '@lip/runtime/node';
import { architectureConflicts, describeArchitecture, resolveArchitecture, ssnanConfigOf, type SsnanArchitecture } from './architecture.js';
import { resolveModelSource } from './model-source.js';
import { openDatasetSplit } from './open-dataset-split.js';
import { loadSourceWeights, readModelSourceWeights } from './open-ssnan-model.js';
import { RunDirectory, type RunCheckpoint } from './run-directory.js';
import { ssnanTrainingBatches, stepsPerEpochOf } from './ssnan-training-batches.js';
import { trainModeDefaults } from './train-mode-defaults.js';
import { TrainSsnanError } from './train-ssnan-error.js';

export interface TrainSsnanOptions {
  /** LIP root in any layout (the synthetic mini-LIP included); its train split is used. */
  readonly dataset: string;
  readonly trainMode: SsnanTrainMode;
  /** Initial weights: `pspnet`, `imagenet`, `last`, `scratch` or a path (see resolveModelSource). Ignored when resuming. */
  readonly model: string;
  /** Run directory: architecture, checkpoints and logs of every step. Default `runs/ssnan`. */
  readonly runDir?: string;
  /** End epoch (Keras `epochs`). Default per mode: 40 / 30 / 30. */
  readonly epochs?: number;
  /** Layers trained. Default per mode: all / head / psp5+. */
  readonly layers?: SsnanLayerSet;
  /** Default 1 (the reference's IMAGES_PER_GPU × GPU_COUNT). */
  readonly batchSize?: number;
  /** Base learning rate of the poly schedule. Default 0.002. */
  readonly learningRate?: number;
  /**
   * `sgd` (default): the reference's Keras SGD (momentum 0.9, clipnorm, L2, head ×10 rates, poly per epoch).
   * `adam`: Adam at the same poly rate per step, without L2 — for training from scratch, as `npm run pretrain` does.
   */
  readonly optimizer?: SsnanOptimizerChoice;
  /** Square training side. Default 320. */
  readonly size?: number;
  /** Steps per epoch. Default: the train split's size / batch size, as the reference. */
  readonly stepsPerEpoch?: number;
  /** Model architecture; fixed by the run's first step, later steps may omit it. Default the published model. */
  readonly architecture?: Partial<SsnanArchitecture>;
  /** Backend to select first. Default: keep the current one. */
  readonly backend?: BackendRequest;
  /** BatchNorm during training steps. Default 'batch-statistics' (Keras fit, as the reference). */
  readonly batchNormMode?: BatchNormMode;
  /** Save a checkpoint every N steps, besides every epoch end. Default 1000. */
  readonly checkpointEverySteps?: number;
  /** Seed of the initialisation, shuffling, augmentation, dropout and pretrain scales. Default 1. */
  readonly seed?: number;
  /** Decode / augmentation worker threads. Default 1. */
  readonly workers?: number;
  /** Progress display of `@lip/runtime`'s train (default: its built-in display on stderr). */
  readonly progress?: boolean | ProgressOptions | ProgressReporter;
  /** One-line messages (what is loaded, resumed, saved). Default console.error. */
  readonly log?: (message: string) => void;
  /** After every step. */
  readonly onStep?: (record: StepRecord) => void | Promise<void>;
  /** Working directory for relative paths and `pspnet` / `imagenet`. Default process.cwd(). */
  readonly cwd?: string;
}

export interface TrainSsnanResult {
  readonly runDir: string;
  readonly trainMode: SsnanTrainMode;
  readonly architecture: SsnanArchitecture;
  readonly settings: TrainSettings;
  /** 'already-complete' when the step's checkpoint had reached `epochs` before this call. */
  readonly status: 'trained' | 'already-complete';
  /** What the weights started from: a model source, or the checkpoint resumed. */
  readonly startedFrom: string;
  readonly history: TrainingHistory | null;
  /** The step's newest checkpoint after the call. */
  readonly checkpoint: RunCheckpoint;
}

/** Settings that must stay the same when a step is resumed (they decide which batch comes next). */
export type SsnanOptimizerChoice = 'sgd' | 'adam';

export interface TrainSettings {
  readonly epochs: number;
  readonly layers: SsnanLayerSet;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly size: number;
  readonly stepsPerEpoch: number;
  readonly batchNormMode: BatchNormMode;
  readonly seed: number;
  readonly optimizer: SsnanOptimizerChoice;
}

const LOG_HEADER = 'step,epoch,step_in_epoch,loss,lr,images,seconds\n';

/**
 * Starts `<mode>/train-log.csv`, or keeps its rows of the steps before `resumeStep`: a sitting killed after its last
 * checkpoint logged steps that this sitting trains again, and the log describes the training the checkpoints hold.
 */
async function prepareTrainLog(path: string, resumeStep: number): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return writeFile(path, LOG_HEADER);
  const rows = text.split('\n').slice(1).filter((line) => line !== '' && Number(line.split(',')[0]) < resumeStep);
  await writeFile(path, LOG_HEADER + rows.map((row) => `${row}\n`).join(''));
}

function positiveInteger(value: number | undefined, fallback: number, flag: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new TrainSsnanError(`${flag} must be a positive integer, got ${value}`);
  return v;
}

async function readSettings(path: string): Promise<TrainSettings | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as TrainSettings;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TrainSsnanError(`${path} is unreadable: ${(e as Error).message}`);
  }
}

/** The architecture of the run: run.json's if it exists (flags must agree), else the flags', written to run.json. */
async function runArchitecture(run: RunDirectory, flags: Partial<SsnanArchitecture>): Promise<SsnanArchitecture> {
  const manifest = await run.readManifest();
  if (manifest) {
    const conflicts = architectureConflicts(manifest.architecture, flags);
    if (conflicts.length > 0) {
      throw new TrainSsnanError(`the run ${run.root} was created with ${describeArchitecture(manifest.architecture)}; the flags ask for ${conflicts.join(', ')}. Use another --run-dir.`);
    }
    return manifest.architecture;
  }
  const architecture = (() => {
    try {
      return resolveArchitecture(flags);
    } catch (e) {
      throw new TrainSsnanError((e as Error).message);
    }
  })();
  await run.writeManifest(architecture);
  return architecture;
}

/**
 * One step of the SS-NAN pipeline (the reference's `python LIP.py train --trainmode …`): builds the run's
 * architecture, loads the initial weights (or resumes the step from its newest checkpoint), and trains the
 * mode's graph and loss on the chosen layers with SS-NAN's SGD (10×/20× on the class convs, global clipnorm 5,
 * L2 1e-4, poly per epoch), checkpointing atomically into `<run>/<mode>/checkpoints/` and logging every step
 * to `<run>/<mode>/train-log.csv`.
 */
export async function trainSsnan(options: TrainSsnanOptions): Promise<TrainSsnanResult> {
  const log = options.log ?? ((m: string) => console.error(m));
  const mode = options.trainMode;
  try {
    checkSsnanTrainMode(mode);
  } catch (e) {
    throw new TrainSsnanError(`--trainmode: ${(e as Error).message}`);
  }
  const defaults = trainModeDefaults(mode);
  const layers = options.layers ?? defaults.layers;
  try {
    ssnanTrainableLayers(layers);
  } catch (e) {
    throw new TrainSsnanError(`--layers: ${(e as Error).message}`);
  }
  const epochs = positiveInteger(options.epochs, defaults.epochs, '--epochs');
  const batchSize = positiveInteger(options.batchSize, 1, '--batch');
  const size = positiveInteger(options.size, 320, '--size');
  if (size < 16) throw new TrainSsnanError(`--size must be at least 16 (the 0.5 scale must keep 8 pixels), got ${size}`);
  const learningRate = options.learningRate ?? 0.002;
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new TrainSsnanError(`--lr must be a positive number, got ${options.learningRate}`);
  const seed = options.seed ?? 1;
  const workers = options.workers ?? 1;
  const cwd = options.cwd ?? process.cwd();

  if (options.backend) {
    try {
      const choice = await useBackend(options.backend);
      log(`backend: ${choice.backend}`);
    } catch (e) {
      throw new TrainSsnanError(`--backend ${options.backend}: ${(e as Error).message}`);
    }
  }
  const dataset = await openDatasetSplit(options.dataset, 'train', true);
  const fullEpoch = stepsPerEpochOf(dataset, batchSize);
  if (fullEpoch < 1) throw new TrainSsnanError(`--batch ${batchSize} is larger than the train split (${dataset.ids.length} images)`);
  const stepsPerEpoch = options.stepsPerEpoch === undefined ? fullEpoch : positiveInteger(options.stepsPerEpoch, fullEpoch, '--steps-per-epoch');
  if (stepsPerEpoch > fullEpoch) throw new TrainSsnanError(`--steps-per-epoch ${stepsPerEpoch} exceeds the ${fullEpoch} batches of the train split at --batch ${batchSize}`);
  const batchNormMode = options.batchNormMode ?? 'batch-statistics';
  const optimizer = options.optimizer ?? 'sgd';
  if (optimizer !== 'sgd' && optimizer !== 'adam') throw new TrainSsnanError(`--optimizer must be sgd or adam, got ${JSON.stringify(optimizer)}`);
  const settings: TrainSettings = { epochs, layers, batchSize, learningRate, size, stepsPerEpoch, batchNormMode, seed, optimizer };

  const run = new RunDirectory(options.runDir ?? `${cwd}/runs/ssnan`);
  const architecture = await runArchitecture(run, options.architecture ?? {});
  const modeDir = run.modeDir(mode);
  await mkdir(modeDir, { recursive: true });
  const settingsPath = `${modeDir}/settings.json`;
  const existing = await run.latestCheckpoint(mode);

  if (existing) {
    const before = await readSettings(settingsPath);
    if (before) {
      const previous: TrainSettings = { ...before, optimizer: before.optimizer ?? 'sgd' }; // settings written before --optimizer: sgd
      const changed = (['batchSize', 'size', 'stepsPerEpoch', 'layers', 'seed', 'optimizer'] as const).filter((k) => previous[k] !== settings[k]);
      if (changed.length > 0) {
        throw new TrainSsnanError(
          `${mode} has a checkpoint in ${run.checkpointDir(mode)} trained with ${changed.map((k) => `${k} ${previous[k]}`).join(', ')}; ` +
            `resume with the same settings, or delete ${modeDir} to start this step again`,
        );
      }
    }
    if (existing.epoch >= epochs) {
      log(`${mode}: already trained to epoch ${existing.epoch} of ${epochs} (${existing.path}); nothing to do (raise --epochs to continue, or delete ${modeDir})`);
      return { runDir: run.root, trainMode: mode, architecture, settings, status: 'already-complete', startedFrom: existing.path, history: null, checkpoint: existing };
    }
  }

  const ssnan = createSsnan(ssnanConfigOf(architecture, seed));
  try {
    let startedFrom: string;
    if (existing) {
      startedFrom = `${existing.path} (resumed)`;
      if (options.model !== 'last') log(`${mode}: resuming from ${existing.path}; --model ${options.model} is not used (delete ${modeDir} to start this step again)`);
    } else {
      const source = await resolveModelSource(options.model, { runDir: run.root, cwd, allowScratch: true });
      const weights = await readModelSourceWeights(source);
      if (weights) {
        const report = loadSourceWeights(ssnan, source, weights);
        const fresh = report.missing.length > 0 ? `; ${report.missing.length} weight(s) keep their initialisation: ${report.missing.slice(0, 6).join(', ')}${report.missing.length > 6 ? ', …' : ''}` : '';
        log(`${mode}: loaded ${report.loaded.length} weights from ${source.description}${fresh}`);
      } else {
        log(`${mode}: ${source.description}`);
      }
      startedFrom = source.description;
      await writeFile(settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
    }
    log(`${mode}: ${describeArchitecture(architecture)}; layers ${layers}, ${epochs} epochs × ${stepsPerEpoch} steps of ${batchSize} at ${size}², lr ${learningRate} (${optimizer})`);

    const logPath = run.logPath(mode);
    await prepareTrainLog(logPath, existing?.step ?? 0);
    const step = createSsnanTrainingStep(ssnan, { mode, validateLabels: false });
    const history = await train({
      model: ssnan.model,
      forward: step.forward,
      loss: step.loss,
      data: ssnanTrainingBatches(dataset, { batchSize, size, workers }),
      epochs,
      stepsPerEpoch,
      optimizer: optimizer === 'adam' ? new PolyAdamOptimizer(learningRate, epochs * stepsPerEpoch) : createSsnanOptimizer({ epochs, learningRate }),
      trainable: ssnanTrainableLayers(layers),
      batchNormMode,
      checkpoint: { store: fileCheckpointStore(run.checkpointDir(mode)), everySteps: options.checkpointEverySteps ?? 1000 },
      resume: existing !== null,
      seed,
      log: options.progress ?? true,
      onStep: async (record) => {
        await appendFile(logPath, `${record.step},${record.epoch},${record.stepInEpoch},${record.loss},${record.lr},${record.images},${record.seconds.toFixed(4)}\n`);
        await options.onStep?.(record);
      },
    });
    const checkpoint = await run.latestCheckpoint(mode);
    if (!checkpoint) throw new Error(`${mode}: training finished but ${run.checkpointDir(mode)} has no checkpoint`);
    await run.writeSummary(mode, {
      trainMode: mode,
      settings,
      architecture,
      startedFrom,
      checkpoint: checkpoint.path,
      backend: tf.getBackend(),
      steps: { start: history.startStep, end: history.endStep },
      seconds: history.seconds,
      epochs: history.epochs,
    });
    return { runDir: run.root, trainMode: mode, architecture, settings, status: 'trained', startedFrom, history, checkpoint };
  } finally {
    ssnan.dispose();
  }
}
