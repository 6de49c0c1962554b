import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { NamedTensor } from './keras-sgd.js';
import { applyBatchNormMode, type BatchNormModeSelection } from './batch-norm-mode.js';
import type { CheckpointStore, NamedArray, TrainingCheckpoint, TrainingState } from './checkpoint-store.js';
import { withDropoutSeed } from './dropout-seed-scope.js';
import { selectTrainableLayers, type TrainableSelection } from './layer-selection.js';
import { createProgressReporter, type ProgressOptions, type ProgressReporter } from './progress-reporter.js';
import { deriveSeed, SeededRandom } from '@lip/schema';
import { batchSizeOf, disposeBatch, TrainingDataSource, type TrainingBatch, type TrainingData } from './training-data.js';
import { TrainingDivergedError } from './training-diverged-error.js';

/** What user code (forward, loss, onStep) learns about the step it runs in. */
export interface StepContext<T = unknown> {
  /** Global step, 0-based: the number of updates before this one. */
  readonly step: number;
  readonly epoch: number;
  /** Index of the batch in its epoch, 0-based. */
  readonly stepInEpoch: number;
  /** A generator seeded from (run seed, step): draw the step's random choices here to keep runs reproducible and resumable. */
  readonly random: SeededRandom;
  readonly batch: TrainingBatch<T>;
}

export interface StepRecord {
  readonly step: number;
  readonly epoch: number;
  readonly stepInEpoch: number;
  readonly loss: number;
  /** The base learning rate of the update (before per-variable multipliers); NaN if the optimizer does not say. */
  readonly lr: number;
  readonly images: number;
  readonly seconds: number;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly steps: number;
  readonly meanLoss: number;
  readonly seconds: number;
}

export interface TrainingHistory {
  /** One record per step run by this call (a resumed run starts at the checkpoint's step). */
  readonly steps: StepRecord[];
  /** Epochs completed by this call. */
  readonly epochs: EpochRecord[];
  /** Step the call started at: 0, or the checkpoint's step when resuming. */
  readonly startStep: number;
  /** Steps done when the call returned, in all runs. */
  readonly endStep: number;
  readonly resumedFrom: { readonly step: number; readonly epoch: number; readonly location: string } | null;
  readonly seconds: number;
}

/** The optimizer surface `train()` uses; `KerasSGD` has all of it, plain tfjs optimizers the first part. */
export type TrainOptimizer = tf.Optimizer & {
  /** Set at each epoch start (`KerasSGD`: drives per-epoch schedules). */
  epoch?: number;
  currentLearningRate?(): number;
  nameVariables?(model: LayersModel): void;
};

export interface CheckpointOptions {
  readonly store: CheckpointStore;
  /** Save after every N steps (global count). Default: only at epoch ends. */
  readonly everySteps?: number;
  /** Save at the end of every epoch. Default true. */
  readonly atEpochEnd?: boolean;
}

export interface TrainOptions<T = unknown> {
  readonly model: LayersModel;
  /** The scalar to minimise, from the forward pass's outputs and the batch's targets. */
  readonly loss: (outputs: tf.Tensor | tf.Tensor[], targets: T, context: StepContext<T>) => tf.Scalar;
  /** The forward pass. Default: `model.apply(inputs, {training: true})`. */
  readonly forward?: (model: LayersModel, inputs: TrainingBatch['inputs'], context: StepContext<T>) => tf.Tensor | tf.Tensor[];
  readonly data: TrainingData<TrainingBatch<T>>;
  /** The epoch to stop before (Keras' `epochs`: with `initialEpoch` 30 and `epochs` 40, 10 epochs run). */
  readonly epochs: number;
  /** Default 0. Ignored when resuming from a checkpoint. */
  readonly initialEpoch?: number;
  /** Steps per epoch; required for stream data. Default: the array length, or until the factory's iterable ends. */
  readonly stepsPerEpoch?: number;
  readonly optimizer: TrainOptimizer;
  /** Which layers train. Default 'all'. */
  readonly trainable?: TrainableSelection;
  /** Default 'batch-statistics'. */
  readonly batchNormMode?: BatchNormModeSelection;
  readonly checkpoint?: CheckpointOptions;
  /** Continue from the store's latest checkpoint when there is one. Default false. */
  readonly resume?: boolean;
  /** Run seed (dropout masks, `context.random`, data factories' `seed`). Default 0. */
  readonly seed?: number;
  /** Progress: true (default) for the built-in display, false for none, display options, or your reporter. */
  readonly log?: boolean | ProgressOptions | ProgressReporter;
  /** After every step (awaited). */
  readonly onStep?: (record: StepRecord, context: StepContext<T>) => void | Promise<void>;
  /** After every checkpoint is stored (awaited). */
  readonly onCheckpoint?: (info: { readonly step: number; readonly epoch: number; readonly location: string }) => void | Promise<void>;
}

function reporterFor(log: TrainOptions['log']): ProgressReporter | null {
  if (log === false) return null;
  if (log == null || log === true) return createProgressReporter();
  if (typeof (log as ProgressReporter).step === 'function') return log as ProgressReporter;
  return createProgressReporter(log as ProgressOptions);
}

function defaultForward(model: LayersModel, inputs: TrainingBatch['inputs']): tf.Tensor | tf.Tensor[] {
  let list: tf.Tensor | tf.Tensor[];
  if (inputs instanceof tf.Tensor || Array.isArray(inputs)) list = inputs;
  else {
    list = model.inputNames.map((name) => {
      const t = (inputs as tf.NamedTensorMap)[name];
      if (t == null) throw new Error(`train: the batch has no input named '${name}' (model inputs: ${model.inputNames.join(', ')})`);
      return t;
    });
  }
  return model.apply(list, { training: true }) as tf.Tensor | tf.Tensor[];
}

async function toNamedArrays(list: NamedTensor[]): Promise<NamedArray[]> {
  return Promise.all(
    list.map(async ({ name, tensor }) => {
      if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new Error(`train: cannot checkpoint '${name}' of dtype ${tensor.dtype}`);
      const data = (await tensor.data()) as Float32Array | Int32Array;
      return { name, shape: [...tensor.shape], dtype: tensor.dtype, data };
    }),
  );
}

function checkPositiveInteger(value: number | undefined, what: string, allowZero = false): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new RangeError(`train: ${what} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${value}`);
}

/**
 * Trains `model` on `data`: one optimizer update per batch, gradients only for the selected layers,
 * BatchNorm in the chosen mode, atomic checkpoints, exact resume, a stop with `TrainingDivergedError`
 * on a non-finite loss. Returns the history of the steps it ran.
 *
 * Reproducibility: dropout (use `SeededDropout`) and `context.random` are functions of (seed, step);
 * checkpoints hold every model weight (BN moving statistics too), the optimizer's slots and
 * iteration count, and the data position; so a resumed run repeats the uninterrupted one exactly,
 * provided the data factory returns the same batches for the same (epoch, skip, seed).
 */
export async function train<T>(options: TrainOptions<T>): Promise<TrainingHistory> {
  const { model, loss, optimizer, epochs } = options;
  if (model == null || typeof (model as { apply?: unknown }).apply !== 'function') throw new TypeError('train: model must be a tfjs-layers LayersModel');
  if (typeof loss !== 'function') throw new TypeError('train: loss must be a function (outputs, targets, context) => tf.Scalar');
  if (optimizer == null || typeof optimizer.applyGradients !== 'function') throw new TypeError('train: optimizer must be a tf.Optimizer (KerasSGD recommended)');
  checkPositiveInteger(epochs, 'epochs', true);
  checkPositiveInteger(options.initialEpoch, 'initialEpoch', true);
  checkPositiveInteger(options.stepsPerEpoch, 'stepsPerEpoch');
  checkPositiveInteger(options.checkpoint?.everySteps, 'checkpoint.everySteps');
  const forward = options.forward ?? ((m: LayersModel, inputs: TrainingBatch['inputs']) => defaultForward(m, inputs));
  const source = new TrainingDataSource<TrainingBatch<T>>(options.data);
  if (source.kind === 'stream' && options.stepsPerEpoch == null) {
    throw new Error('train: stepsPerEpoch is required when data is a single (async) iterable; pass a factory ({epoch, skip}) => iterable to mark epochs yourself');
  }
  const store = options.checkpoint?.store ?? null;
  const everySteps = options.checkpoint?.everySteps ?? null;
  const atEpochEnd = options.checkpoint?.atEpochEnd ?? true;
  const reporter = reporterFor(options.log);
  const started = performance.now();

  const { variables } = selectTrainableLayers(model, options.trainable ?? 'all');
  optimizer.nameVariables?.(model);
  const weightNames = model.weights.map((w) => w.originalName);
  if (store != null && new Set(weightNames).size !== weightNames.length) {
    const dup = weightNames.find((n, i) => weightNames.indexOf(n) !== i);
    throw new Error(`train: model '${model.name}' has two weights named '${dup}'; checkpoints address weights by name`);
  }

  let seed = (options.seed ?? 0) >>> 0;
  let step = 0;
  let epoch = options.initialEpoch ?? 0;
  let skip = 0;
  let batchesDrawn = 0;
  let resumedFrom: TrainingHistory['resumedFrom'] = null;
  let lastCheckpoint: { step: number; location: string } | null = null;
  let lastLoss: number | null = null;

  if (options.resume === true) {
    if (store == null) throw new Error('train: resume needs checkpoint.store');
    const checkpoint = await store.load();
    if (checkpoint == null) reporter?.message(`no checkpoint in ${store.location}: starting from scratch`);
    else {
      await restoreCheckpoint(model, optimizer, checkpoint, store.location);
      const s = checkpoint.state;
      if (options.seed != null && (options.seed >>> 0) !== s.seed) reporter?.message(`resume: using the checkpoint's seed ${s.seed} (not ${options.seed}) to continue the same run`);
      ({ seed, step, epoch } = s);
      skip = s.stepInEpoch;
      batchesDrawn = s.batchesDrawn;
      lastLoss = s.loss;
      resumedFrom = { step, epoch, location: store.location };
      lastCheckpoint = { step, location: store.location };
      await source.discardFromStream(batchesDrawn);
      reporter?.message(`resumed from ${store.location}: step ${step}, epoch ${epoch + 1}, batch ${skip}`);
    }
  }

  const startStep = step;
  const history: TrainingHistory = { steps: [], epochs: [], startStep, endStep: step, resumedFrom, seconds: 0 };
  const save = async (reason: TrainingState['reason'], stateEpoch: number, stateStepInEpoch: number): Promise<void> => {
    if (store == null) return;
    const state: TrainingState = {
      format: 'lip-training-checkpoint',
      version: 1,
      step,
      epoch: stateEpoch,
      stepInEpoch: stateStepInEpoch,
      batchesDrawn,
      seed,
      loss: lastLoss,
      reason,
      savedAt: new Date().toISOString(),
    };
    const location = await store.save(await snapshot(model, optimizer, state));
    lastCheckpoint = { step, location };
    reporter?.message(`checkpoint: step ${step} → ${location}`);
    await options.onCheckpoint?.({ step, epoch: stateEpoch, location });
  };

  const restoreBatchNorm = applyBatchNormMode(model, options.batchNormMode ?? 'batch-statistics');
  let knownEpochLength: number | null = options.stepsPerEpoch ?? (source.kind === 'array' ? (options.data as readonly TrainingBatch<T>[]).length : null);
  try {
    for (; epoch < epochs; epoch++, skip = 0) {
      if ('epoch' in optimizer) optimizer.epoch = epoch;
      const epochStart = performance.now();
      const { iterator, owned, length } = await source.epoch({ epoch, skip, seed });
      const stepsInEpoch = options.stepsPerEpoch != null ? (length != null ? Math.min(length, options.stepsPerEpoch) : options.stepsPerEpoch) : (length ?? knownEpochLength);
      let stepInEpoch = skip;
      let lossSum = 0;
      let stepsRun = 0;
      try {
        while (stepsInEpoch == null || stepInEpoch < stepsInEpoch) {
          const next = await iterator.next();
          if (next.done === true) break;
          batchesDrawn++;
          const batch = next.value;
          const context: StepContext<T> = { step, epoch, stepInEpoch, random: new SeededRandom(deriveSeed(seed, step, 1)), batch };
          const lr = typeof optimizer.currentLearningRate === 'function' ? optimizer.currentLearningRate() : Number.NaN;
          const t0 = performance.now();
          let value: number;
          try {
            value = tf.tidy(() => {
              const { value: lossTensor, grads } = tf.variableGrads(
                () =>
                  withDropoutSeed(deriveSeed(seed, step, 2), () => {
                    const out = loss(forward(model, batch.inputs, context), batch.targets, context);
                    if (!(out instanceof tf.Tensor) || out.rank !== 0) {
                      throw new Error(`train: loss must return a scalar tensor, got ${out instanceof tf.Tensor ? `shape [${out.shape}]` : String(out)} at step ${step}`);
                    }
                    return out;
                  }),
                variables,
              );
              const v = lossTensor.dataSync()[0]!;
              if (Number.isFinite(v)) optimizer.applyGradients(grads);
              return v;
            });
          } finally {
            if (owned) disposeBatch(batch);
          }
          if (!Number.isFinite(value)) throw new TrainingDivergedError(step, epoch, stepInEpoch, value, lastCheckpoint);
          const seconds = (performance.now() - t0) / 1000;
          const images = batchSizeOf(batch);
          step++;
          stepInEpoch++;
          stepsRun++;
          lossSum += value;
          lastLoss = value;
          const record: StepRecord = { step: step - 1, epoch, stepInEpoch: stepInEpoch - 1, loss: value, lr, images, seconds };
          history.steps.push(record);
          const remainingInEpoch = stepsInEpoch != null ? stepsInEpoch - stepInEpoch : null;
          const remainingSteps = remainingInEpoch != null && knownEpochLength != null ? remainingInEpoch + (epochs - epoch - 1) * knownEpochLength : null;
          reporter?.step({ epoch, epochs, stepInEpoch, stepsInEpoch, step, loss: value, lr, images, seconds, remainingSteps });
          await options.onStep?.(record, context);
          const epochEndsHere = stepsInEpoch != null && stepInEpoch >= stepsInEpoch;
          if (everySteps != null && step % everySteps === 0 && !(epochEndsHere && atEpochEnd)) await save('every-steps', epoch, stepInEpoch);
        }
      } finally {
        // A factory's iterator that still has batches (stepsPerEpoch reached) is closed; streams stay open.
        if (source.kind === 'factory') await iterator.return?.();
      }
      if (stepInEpoch === 0) throw new Error(`train: the data gave no batches for epoch ${epoch + 1}`);
      knownEpochLength ??= stepInEpoch;
      const seconds = (performance.now() - epochStart) / 1000;
      const meanLoss = stepsRun > 0 ? lossSum / stepsRun : Number.NaN;
      history.epochs.push({ epoch, steps: stepsRun, meanLoss, seconds });
      reporter?.epochEnd({ epoch, epochs, steps: stepsRun, meanLoss, seconds });
      if (atEpochEnd) await save('epoch-end', epoch + 1, 0);
    }
  } finally {
    restoreBatchNorm();
    reporter?.close();
  }
  return { ...history, endStep: step, seconds: (performance.now() - started) / 1000 };
}

/** Every model weight and the optimizer state, read off the backend. */
async function snapshot(model: LayersModel, optimizer: TrainOptimizer, state: TrainingState): Promise<TrainingCheckpoint> {
  const weights = await toNamedArrays(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
  let optimizerWeights: NamedArray[];
  const list = await optimizer.getWeights();
  try {
    optimizerWeights = await toNamedArrays(list);
  } finally {
    // getWeights() returns live slot variables (kept) and freshly made tensors such as `iter` (ours to free).
    const variablesById = new Set(Object.values(tf.engine().registeredVariables).map((v) => v.id));
    tf.dispose(list.map((n) => n.tensor).filter((t) => !variablesById.has(t.id)));
  }
  let modelTopology: unknown = null;
  try {
    modelTopology = model.toJSON(null, false);
  } catch {
    modelTopology = null; // a layer without a serialisable config: the checkpoint still restores weights
  }
  return { state, weights, optimizer: optimizerWeights, modelTopology };
}

async function restoreCheckpoint(model: LayersModel, optimizer: TrainOptimizer, checkpoint: TrainingCheckpoint, location: string): Promise<void> {
  const { weights } = checkpoint;
  if (weights.length !== model.weights.length) {
    throw new Error(`train: checkpoint ${location} has ${weights.length} weights but model '${model.name}' has ${model.weights.length}`);
  }
  model.weights.forEach((w, i) => {
    const saved = weights[i]!;
    if (saved.name !== w.originalName || !tf.util.arraysEqual([...saved.shape], w.shape as number[])) {
      throw new Error(`train: checkpoint ${location}: weight ${i} is '${saved.name}' [${saved.shape}] but the model has '${w.originalName}' [${w.shape}]`);
    }
  });
  tf.tidy(() => model.weights.forEach((w, i) => w.write(tf.tensor(weights[i]!.data, [...weights[i]!.shape], weights[i]!.dtype))));
  const tensors = checkpoint.optimizer.map((a) => ({ name: a.name, tensor: tf.tensor(a.data, [...a.shape], a.dtype) }));
  try {
    await optimizer.setWeights(tensors);
  } finally {
    tf.dispose(tensors.map((t) => t.tensor));
  }
}
