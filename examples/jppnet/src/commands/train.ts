import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackendChoice, useBackend } from '@lip/runtime';
import { PolyAdamOptimizer, train, type BatchRequest, type TrainingBatch } from '@lip/runtime/training';
import { fileCheckpointStore, localModelJsonOf, readModelJsonFile } from '@lip/runtime/node';
import { createBatchLoader, openLipDataset, type LipBatch } from '@lip/dataset/node';
import { createJppnet, JPPNET_METADATA_KEY, jppnetConfigOf, loadJppnetWeightsFile, saveJppnet, type JppnetConfig } from '@lip/jppnet/node';
import { calibrateBatchNorm, createJppnetOptimizer, createJppnetTrainingStep, type JppnetTargets } from '@lip/jppnet/training';
import { RUN_FILES } from '../model-source.js';
import { choiceOption, integerOption, listOption, numberOption, parseOptions, requiredOption, UsageError } from '@lip/schema/node';
import { backendOf, COMMON_OPTIONS } from '../options.js';

export const TRAIN_USAGE = `jppnet train --dataset DIR [options]
  Trains JPPNet (train_JPPNet-s2.py): scales 1/0.75/0.5 fused per stage, CE + L2-norm pose loss on every
  output, TF momentum 0.9 with lr·(1 − step/numSteps)^0.9, slim BN frozen. Heatmaps come from the
  dataset's heatmap/ PNGs, or are generated on the fly from its pose CSV.
  --dataset DIR        LIP root (official, JPPNet, SS-NAN or CE2P layout; auto-detected)
  --split S            default train
  --run-dir DIR        config.json, checkpoints/, model/, train-log.json (default runs/jppnet)
  --resume             continue from the run's latest checkpoint, with the run's config.json (--epochs may extend it)
  --backend B          auto | tensorflow | wasm | cpu (default auto, or LIP_BACKEND)
  --size N             square input side (default 384, or the --weights model's own)
  --batch N            images per step (default 1)
  --epochs N           default 1
  --steps-per-epoch N  default: the whole split
  --optimizer O        momentum (TF MomentumOptimizer 0.9, the reference, default) | adam (same poly rate; not
                       in the reference, much faster from scratch: see the README)
  --lr X               base rate (default 1e-4)      --num-steps N  poly horizon (default: all steps of the run)
  --clip-norm X        global gradient-norm clipping (not in the reference; off by default)
  --width X            trunk width multiplier, e.g. 1/16 (default 1)   --head-width X (default --width)
  --blocks a,b,c,d     blocks in trunk stages 2..5 (default 3,4,23,3)  --stages N refinement stages (default 2)
  --init reference|he  head initialisation (default reference; 'he' for narrow nets trained from scratch)
  --bn frozen|batch    BN mode: frozen moving statistics (reference, default) or batch statistics
  --bn-momentum X      moving-statistics momentum with --bn batch (default 0.9, so a short run's statistics follow)
  --calibrate-bn N     before training from scratch, set the BN moving statistics from N training images, then
                       train with them frozen (the reference's BN, given statistics a pretrained trunk would have)
  --weights PATH       initial weights, by name: a TF checkpoint (e.g. the released JPPNet-s2) or a .h5; or a
                       JPPNet model folder (e.g. models/jppnet-synthetic), whose network and every weight are
                       taken (then leave out --width, --head-width, --blocks, --stages and --init)
  --scales a,b,c       training scales, fused on the first one's grid (default 1,0.75,0.5)
  --parsing-weight X   weight of the parsing terms (p_Weight, default 1)   --pose-weight X (s_Weight, default 1)
  --structure          add the SS-JPPNet structure weighting to the parsing terms
  --no-pose            leave the pose terms out (SS-JPPNet trains without pose ground truth)
  --checkpoint-every N save every N steps besides each epoch end
  --workers N          data worker threads (default 0)  --seed N (default 0)
`;

interface TrainingSettings {
  size: number;
  batch: number;
  epochs: number;
  stepsPerEpoch: number | null;
  optimizer: 'momentum' | 'adam';
  lr: number;
  numSteps: number | null;
  clipNorm: number | null;
  bn: 'frozen' | 'batch-statistics';
  structure: boolean;
  parsingWeight: number;
  poseWeight: number;
  pose: boolean;
  scales: number[];
  seed: number;
  split: string;
  dataset: string;
}

/** The flags that shape the network, which a JPPNet model given as `--weights` brings itself. */
const ARCHITECTURE_FLAGS = ['width', 'head-width', 'blocks', 'stages', 'init'] as const;

/**
 * The network of a JPPNet model folder (or its model.json) given as `--weights`: the config its metadata holds.
 * Null for a TF checkpoint or a .h5, whose network comes from the flags.
 */
function startingModelConfig(path: string): JppnetConfig | null {
  const modelJson = localModelJsonOf(path);
  if (modelJson == null) return null;
  const metadata = readModelJsonFile(modelJson, `--weights ${path}`)['userDefinedMetadata'] as Record<string, unknown> | undefined;
  const config = metadata?.[JPPNET_METADATA_KEY];
  if (config == null || typeof config !== 'object') throw new UsageError(`--weights ${path}: ${modelJson} holds no '${JPPNET_METADATA_KEY}' config in its metadata: not a JPPNet model`);
  return config as JppnetConfig;
}

interface LossRecord {
  step: number;
  total: number;
  parsing: number;
  pose: number;
}

/** What a run's train-log.json holds of the sittings before a resume at `startStep`. */
function earlierSittings(path: string, startStep: number): { seconds: number; losses: LossRecord[] } {
  if (!existsSync(path)) return { seconds: 0, losses: [] };
  const log = JSON.parse(readFileSync(path, 'utf8')) as { seconds: number; losses: LossRecord[] };
  return { seconds: log.seconds, losses: log.losses.filter((l) => l.step < startStep) };
}

function toTrainingBatch(batch: LipBatch, withPose: boolean): TrainingBatch<JppnetTargets> {
  const images = batch.arrays['images'] as Float32Array;
  const labels = batch.arrays['labels'] as Uint8Array;
  const heatmaps = batch.arrays['heatmaps'] as Float32Array;
  const [b, h, w] = batch.shapes['images'] as [number, number, number, number];
  const hm = batch.shapes['heatmaps'] as [number, number, number, number];
  return {
    inputs: tf.tensor4d(images, [b, h, w, 3]),
    targets: {
      labels: tf.tensor3d(Int32Array.from(labels), [b, h, w], 'int32'),
      heatmaps: withPose ? tf.tensor4d(heatmaps, hm) : null,
    },
  };
}

export async function trainCommand(args: string[], log: (line: string) => void): Promise<void> {
  const { values } = parseOptions(args, {
    ...COMMON_OPTIONS,
    dataset: { type: 'string' },
    split: { type: 'string' },
    'run-dir': { type: 'string' },
    resume: { type: 'boolean' },
    batch: { type: 'string' },
    epochs: { type: 'string' },
    'steps-per-epoch': { type: 'string' },
    lr: { type: 'string' },
    optimizer: { type: 'string' },
    'num-steps': { type: 'string' },
    'clip-norm': { type: 'string' },
    width: { type: 'string' },
    'head-width': { type: 'string' },
    blocks: { type: 'string' },
    stages: { type: 'string' },
    init: { type: 'string' },
    bn: { type: 'string' },
    'bn-momentum': { type: 'string' },
    'calibrate-bn': { type: 'string' },
    weights: { type: 'string' },
    structure: { type: 'boolean' },
    'parsing-weight': { type: 'string' },
    'pose-weight': { type: 'string' },
    scales: { type: 'string' },
    'no-pose': { type: 'boolean' },
    'checkpoint-every': { type: 'string' },
    workers: { type: 'string' },
    seed: { type: 'string' },
  });
  if (values.help) return log(TRAIN_USAGE);
  const datasetDir = requiredOption(values.dataset, 'dataset');
  const runDir = resolve(values['run-dir'] ?? 'runs/jppnet');
  const configPath = join(runDir, RUN_FILES.config);

  let jppnetConfig: JppnetConfig;
  let settings: TrainingSettings;
  // Resuming means continuing a run that has its config.json; --resume in a fresh directory starts it.
  const resuming = values.resume === true && existsSync(configPath);
  // A JPPNet model given as --weights brings the network; read once, here.
  const start = values.weights != null && !resuming ? startingModelConfig(values.weights) : null;
  if (resuming) {
    // A resumed run keeps the network and schedule it started with.
    ({ jppnet: jppnetConfig, training: settings } = JSON.parse(readFileSync(configPath, 'utf8')) as { jppnet: JppnetConfig; training: TrainingSettings });
    // Only the number of epochs may change: a resumed run can be extended.
    settings.epochs = integerOption(values.epochs, 'epochs', { min: 1, default: settings.epochs });
    // Runs from before the config carried its input side were trained at --size all the same.
    jppnetConfig.inputSize ??= settings.size;
    log(`resuming the run in ${runDir} with its config.json (${settings.epochs} epochs in all)`);
  } else {
    if (start != null) {
      const given = ARCHITECTURE_FLAGS.filter((flag) => values[flag] != null);
      if (given.length > 0) throw new UsageError(`--weights ${values.weights} is a JPPNet model, which brings its own network: leave out ${given.map((f) => `--${f}`).join(', ')}`);
    }
    const init = choiceOption(values.init, 'init', ['reference', 'he'], { default: 'reference' });
    const bn = choiceOption(values.bn, 'bn', ['frozen', 'batch'], { default: 'frozen' });
    const blocks = listOption(values.blocks, 'blocks', { integers: true, positive: true, length: 4 }) as [number, number, number, number] | undefined;
    const optimizer = choiceOption(values.optimizer, 'optimizer', ['momentum', 'adam'], { default: 'momentum' });
    if (optimizer === 'adam' && values['clip-norm'] != null) throw new UsageError('--clip-norm applies to the momentum optimizer only');
    const width = numberOption(values.width, 'width', { positive: true, fractions: true, default: 1 });
    jppnetConfig = start ?? {
      widthMultiplier: width,
      headWidthMultiplier: numberOption(values['head-width'], 'head-width', { positive: true, fractions: true, default: width }),
      ...(blocks ? { blocksPerStage: blocks } : {}),
      refinementStages: integerOption(values.stages, 'stages', { min: 0, default: 2 }),
      headInitializer: init,
      ...(bn === 'batch' ? { batchNorm: { momentum: numberOption(values['bn-momentum'], 'bn-momentum', { positive: true, fractions: true, default: 0.9 }) } } : {}),
      seed: integerOption(values.seed, 'seed', { min: 0, default: 0 }),
    };
    settings = {
      size: integerOption(values.size, 'size', { min: 8, default: start?.inputSize ?? 384 }),
      batch: integerOption(values.batch, 'batch', { min: 1, default: 1 }),
      epochs: integerOption(values.epochs, 'epochs', { min: 1, default: 1 }),
      stepsPerEpoch: integerOption(values['steps-per-epoch'], 'steps-per-epoch', { min: 1 }) ?? null,
      optimizer,
      lr: numberOption(values.lr, 'lr', { positive: true, fractions: true, default: 1e-4 }),
      numSteps: integerOption(values['num-steps'], 'num-steps', { min: 1 }) ?? null,
      clipNorm: numberOption(values['clip-norm'], 'clip-norm', { positive: true, fractions: true }) ?? null,
      bn: bn === 'batch' ? 'batch-statistics' : 'frozen',
      structure: values.structure ?? false,
      parsingWeight: numberOption(values['parsing-weight'], 'parsing-weight', { positive: true, fractions: true, default: 1 }),
      poseWeight: numberOption(values['pose-weight'], 'pose-weight', { positive: true, fractions: true, default: 1 }),
      scales: listOption(values.scales, 'scales', { positive: true, default: [1, 0.75, 0.5] }),
      pose: !(values['no-pose'] ?? false),
      seed: integerOption(values.seed, 'seed', { min: 0, default: 0 }),
      split: values.split ?? 'train',
      dataset: resolve(datasetDir),
    };
    // The saved model parses at the side it was trained at.
    jppnetConfig = { ...jppnetConfig, inputSize: settings.size };
  }

  const choice = await useBackend(backendOf(values.backend));
  log(describeBackendChoice(choice));
  const split = choiceOption(settings.split, 'split', ['train', 'val']);
  const dataset = await openLipDataset(settings.dataset, { split });
  if (!dataset.hasLabels) throw new UsageError(`${settings.dataset}: the ${split} split has no parsing labels`);
  const withPose = settings.pose && dataset.hasPose;
  if (settings.pose && !dataset.hasPose) log(`${settings.dataset}: no pose annotations for ${split}: training without the pose terms`);
  const batchesPerEpoch = Math.floor(dataset.ids.length / settings.batch);
  if (batchesPerEpoch === 0) throw new UsageError(`${settings.dataset}: ${dataset.ids.length} ${split} images are fewer than one batch of ${settings.batch}`);
  const stepsPerEpoch = Math.min(settings.stepsPerEpoch ?? batchesPerEpoch, batchesPerEpoch);
  const numSteps = settings.numSteps ?? settings.epochs * stepsPerEpoch;

  const jppnet = createJppnet(jppnetConfig);
  if (values.weights != null && !resuming) {
    // A JPPNet model must fill the network it describes; a reference checkpoint or .h5 may hold more or less.
    const report = await loadJppnetWeightsFile(jppnet, values.weights, start != null ? {} : { allowMissing: true, allowUnexpected: true });
    log(`initial weights from ${values.weights}: ${report.loaded.length} loaded, ${report.missing.length} missing, ${report.unexpected.length} unused`);
  }
  mkdirSync(runDir, { recursive: true });
  writeFileSync(configPath, JSON.stringify({ jppnet: jppnetConfigOf(jppnet.config), training: settings }, null, 2));
  log(`JPPNet: ${jppnet.stages} stages, ${jppnet.model.countParams().toLocaleString('en')} parameters; ${dataset.ids.length} ${split} images, ${stepsPerEpoch} steps × ${settings.epochs} epochs of ${settings.batch} at ${settings.size}²`);

  const loader = createBatchLoader(dataset, {
    pipeline: 'jppnet-train',
    batchSize: settings.batch,
    seed: settings.seed,
    workers: integerOption(values.workers, 'workers', { min: 0, default: 0 }),
    pipelineOptions: { jppnetTrain: { inputSize: settings.size } },
  });
  const calibrate = integerOption(values['calibrate-bn'], 'calibrate-bn', { min: 1, default: 0 });
  if (calibrate > 0 && !resuming) {
    const images: tf.Tensor4D[] = [];
    for await (const batch of loader.epoch(0)) {
      images.push(tf.tensor4d(batch.arrays['images'] as Float32Array, batch.shapes['images'] as [number, number, number, number]));
      if (images.length * settings.batch >= calibrate) break;
    }
    const all = tf.concat(images);
    calibrateBatchNorm(jppnet, all);
    tf.dispose([all, ...images]);
    log(`BN moving statistics set from ${images.length * settings.batch} training images`);
  }
  const data = async function* ({ epoch, skip }: BatchRequest): AsyncGenerator<TrainingBatch<JppnetTargets>> {
    let index = 0;
    for await (const batch of loader.epoch(epoch)) {
      if (index++ < skip) continue;
      yield toTrainingBatch(batch, withPose);
    }
  };
  const step = createJppnetTrainingStep(jppnet, { structure: settings.structure, scales: settings.scales, parsingWeight: settings.parsingWeight, poseWeight: settings.poseWeight });
  const optimizer = settings.optimizer === 'adam'
    ? new PolyAdamOptimizer(settings.lr, numSteps)
    : createJppnetOptimizer({ learningRate: settings.lr, numSteps, ...(settings.clipNorm != null ? { clipNorm: settings.clipNorm } : {}) });
  const started = performance.now();
  const logPath = join(runDir, RUN_FILES.log);
  // The sittings before this one (read at its first step, which is where a resumed run starts), then this one's steps.
  let earlier: { seconds: number; losses: LossRecord[] } | null = null;
  const losses: LossRecord[] = [];
  /** train-log.json up to `steps`: written at every checkpoint too, so a sitting that dies keeps its checkpoints' log. */
  const writeTrainLog = (steps: number) => {
    const all = [...(earlier?.losses ?? []), ...losses].filter((l) => l.step < steps);
    const mean = (xs: typeof all, key: 'parsing' | 'pose') => xs.reduce((s, x) => s + x[key], 0) / Math.max(1, xs.length);
    const window = Math.max(1, Math.min(10, Math.floor(all.length / 4)));
    const summary = {
      backend: choice.backend,
      steps,
      seconds: (earlier?.seconds ?? 0) + (performance.now() - started) / 1000,
      firstSteps: { parsing: mean(all.slice(0, window), 'parsing'), pose: mean(all.slice(0, window), 'pose') },
      lastSteps: { parsing: mean(all.slice(-window), 'parsing'), pose: mean(all.slice(-window), 'pose') },
      losses: all,
    };
    writeFileSync(logPath, JSON.stringify(summary, null, 2));
    return { summary, window };
  };
  try {
    const history = await train({
      model: jppnet.model,
      forward: step.forward,
      loss: step.loss,
      data,
      epochs: settings.epochs,
      stepsPerEpoch,
      optimizer,
      batchNormMode: settings.bn,
      seed: settings.seed,
      resume: values.resume ?? false,
      checkpoint: {
        store: fileCheckpointStore(join(runDir, RUN_FILES.checkpoints)),
        ...(values['checkpoint-every'] ? { everySteps: integerOption(values['checkpoint-every'], 'checkpoint-every', { min: 1, default: 1 }) } : {}),
      },
      log: { bar: false, every: Math.max(1, Math.round(stepsPerEpoch / 4)) },
      onStep: (record) => {
        earlier ??= resuming ? earlierSittings(logPath, record.step) : { seconds: 0, losses: [] };
        const parts = step.lastLoss();
        if (parts) losses.push({ step: record.step, ...parts });
      },
      onCheckpoint: ({ step: steps }) => {
        writeTrainLog(steps);
      },
    });
    await saveJppnet(jppnet, join(runDir, RUN_FILES.model));
    earlier ??= resuming ? earlierSittings(logPath, history.startStep) : { seconds: 0, losses: [] }; // a sitting of no steps
    const sittingSeconds = (performance.now() - started) / 1000;
    const { summary, window } = writeTrainLog(history.endStep);
    log(`trained ${history.endStep - history.startStep} steps in ${sittingSeconds.toFixed(1)} s; parsing loss ${summary.firstSteps.parsing.toFixed(3)} → ${summary.lastSteps.parsing.toFixed(3)}, pose loss ${summary.firstSteps.pose.toFixed(3)} → ${summary.lastSteps.pose.toFixed(3)} (${window === 1 ? 'first and last step' : `means of the first and last ${window} steps`}); model in ${join(runDir, RUN_FILES.model)}`);
  } finally {
    await loader.close();
    optimizer.dispose();
    jppnet.dispose();
  }
}
