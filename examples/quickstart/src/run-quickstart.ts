import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { encodeRgbPng } from '@lip/dataset/node';
import { evaluateSsnan, evaluationToJSON, formatHeadline, trainSsnan, type EvaluationResult } from '@lip/example-train-ssnan';
import { useBackend, type BackendRequest } from '@lip/runtime';
import type { ProgressOptions, ProgressReporter } from '@lip/runtime/training';
import { QUICKSTART_CONFIG, QUICKSTART_WASM_THREADS } from './quickstart-defaults.js';
import type { QuickstartConfig } from './quickstart-config.js';
import { renderReport, type ReportExample, type ReportTrainingStep } from './report/render-report.js';
import { ensureSyntheticLip } from './synthetic-data.js';
import { blendOverlay, colorizeLabelMap } from '@lip/image';
import type { RgbImage } from '@lip/schema';

export interface QuickstartOptions {
  /** Where the report, metrics, run and predictions go. Default `runs/quickstart`. */
  readonly outDir?: string;
  /** Where the synthetic data is cached. Default `<outDir>/data`. */
  readonly dataDir?: string;
  readonly config?: QuickstartConfig;
  /** Default 'auto': native TensorFlow if provisioned, else wasm, else cpu. */
  readonly backend?: BackendRequest;
  /** Keep the run directory of a previous quickstart and resume / reuse its checkpoints. Default false (train afresh). */
  readonly resume?: boolean;
  /** Progress display of each training step (default: `@lip/runtime`'s built-in one on stderr). */
  readonly progress?: boolean | ProgressOptions | ProgressReporter;
  readonly log?: (message: string) => void;
}

export interface QuickstartResult {
  readonly reportPath: string;
  readonly metricsPath: string;
  readonly runDir: string;
  readonly dataDir: string;
  readonly backend: string;
  readonly evaluation: EvaluationResult;
  readonly steps: readonly ReportTrainingStep[];
  readonly timings: ReadonlyArray<readonly [string, number]>;
  readonly totalSeconds: number;
  /** CPU time of the process (all threads): on a 2-core machine with wasm, close to the wall time of an idle machine. */
  readonly cpuSeconds: number;
  /** The one-line result, as printed. */
  readonly headline: string;
}

async function pngDataUri(image: RgbImage): Promise<string> {
  return `data:image/png;base64,${(await encodeRgbPng(image)).toString('base64')}`;
}

/**
 * The whole SS-NAN pipeline on the synthetic mini-LIP: data (generated once, cached), the three training steps
 * of the reference README (pretrain → finetune → finetune_ssloss_withdeep, each starting from the previous
 * step's checkpoint) through `train-ssnan`'s library, evaluation on the synthetic val split, and a
 * self-contained HTML report with the metrics, the per-class IoU, the loss curves and example overlays.
 */
export async function runQuickstart(options: QuickstartOptions = {}): Promise<QuickstartResult> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const log = options.log ?? ((m: string) => console.error(m));
  const config = options.config ?? QUICKSTART_CONFIG;
  const outDir = resolve(options.outDir ?? 'runs/quickstart');
  const dataRoot = resolve(options.dataDir ?? join(outDir, 'data'));
  const runDir = join(outDir, 'run');
  const timings: Array<readonly [string, number]> = [];
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    timings.push([name, (performance.now() - t0) / 1000]);
    return result;
  };

  const wasmThreads = process.env['LIP_WASM_THREADS'] ? {} : { wasmThreads: QUICKSTART_WASM_THREADS };
  const choice = await time('backend', () => useBackend(options.backend, wasmThreads));
  log(`backend: ${choice.backend} (${choice.packageName})${choice.rejected.length ? `; not ${choice.rejected.map((r) => `${r.candidate}: ${r.reason}`).join('; ')}` : ''}`);
  const data = await time('synthetic data', () => ensureSyntheticLip(dataRoot, config.data));
  log(`${data.generated ? 'generated' : 'cached'} synthetic mini-LIP: ${data.root} (${config.data.train} train + ${config.data.val} val, ${config.data.size} px)`);
  if (!options.resume) await rm(runDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  // The val mIoU of a model, without saving predictions: for the starting point and after each but the last step.
  const quickMeanIoU = async (model: string): Promise<number> =>
    (await evaluateSsnan({ model, runDir, dataset: data.root, evalNum: config.evalNum, maxDim: config.evalMaxDim, architecture: config.architecture, log: () => {} })).metrics
      .meanIoU;
  let startingMeanIoU: number | undefined;
  if (config.startFrom !== null) {
    startingMeanIoU = await time('evaluate: starting point', () => quickMeanIoU(config.startFrom!));
    log(`starting point ${config.startFrom}: val mIoU ${(100 * startingMeanIoU).toFixed(2)} %`);
  }
  const steps: ReportTrainingStep[] = [];
  for (const [i, step] of config.steps.entries()) {
    const losses: number[] = [];
    const t0 = performance.now();
    log(`step ${i + 1}/${config.steps.length}: ${step.trainMode} (${step.layers}, ${step.epochs} epoch(s), lr ${step.learningRate})`);
    const result = await trainSsnan({
      dataset: data.root,
      trainMode: step.trainMode,
      model: i > 0 ? 'last' : (config.startFrom ?? 'scratch'),
      runDir,
      epochs: step.epochs,
      layers: step.layers,
      batchSize: config.batchSize,
      learningRate: step.learningRate,
      size: config.trainSize,
      ...(step.stepsPerEpoch === null ? {} : { stepsPerEpoch: step.stepsPerEpoch }),
      architecture: config.architecture,
      seed: config.seed,
      workers: 1,
      progress: options.progress ?? true,
      log,
      onStep: (record) => {
        losses.push(record.loss);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    timings.push([`train: ${step.trainMode}`, seconds]);
    const last = i === config.steps.length - 1;
    const meanIoU = last ? undefined : await time(`evaluate: after ${step.trainMode}`, () => quickMeanIoU('last'));
    if (meanIoU !== undefined) log(`after ${step.trainMode}: val mIoU ${(100 * meanIoU).toFixed(2)} %`);
    steps.push({
      trainMode: step.trainMode,
      layers: step.layers,
      epochs: step.epochs,
      steps: result.history?.steps.length ?? 0,
      seconds,
      losses,
      ...(meanIoU === undefined ? {} : { meanIoU }),
    });
  }

  const examples: ReportExample[] = [];
  const evaluation = await time('evaluate', () =>
    evaluateSsnan({
      model: 'last',
      runDir,
      dataset: data.root,
      evalNum: config.evalNum,
      maxDim: config.evalMaxDim,
      saveDir: join(outDir, 'predictions'),
      log,
      onImage: async ({ id, image, groundTruth, prediction }) => {
        if (examples.length >= config.reportImages) return;
        let correct = 0;
        let counted = 0;
        for (let p = 0; p < groundTruth.data.length; p++) {
          if (groundTruth.data[p]! > 19) continue;
          counted++;
          if (groundTruth.data[p] === prediction.data[p]) correct++;
        }
        examples.push({
          id,
          image: await pngDataUri(image),
          groundTruth: await pngDataUri(colorizeLabelMap(groundTruth)),
          prediction: await pngDataUri(colorizeLabelMap(prediction)),
          overlay: await pngDataUri(blendOverlay(image, prediction)),
          pixelAccuracy: counted ? correct / counted : Number.NaN,
        });
      },
    }),
  );

  const reportPath = join(outDir, 'report.html');
  const metricsPath = join(outDir, 'metrics.json');
  const totalBeforeReport = (performance.now() - started) / 1000;
  const a = config.architecture;
  const configuration: Array<readonly [string, string]> = [
    ['synthetic data', `${config.data.train} train + ${config.data.val} val images, ${config.data.size}×${config.data.size}, seed ${config.data.seed}`],
    ['trunk', a.blocksPerStage ? `PSPNet dilated ResNet, blocks ${a.blocksPerStage.join(',')} (conv2..conv5)` : `PSPNet dilated ResNet-${a.depth ?? 101}`],
    ['width multiplier', String(a.widthMultiplier ?? 1)],
    ['started from', config.startFrom ?? 'a fresh initialisation'],
    ['training input', `${config.trainSize}×${config.trainSize}, batch ${config.batchSize}`],
    ...config.steps.map((s) => [s.trainMode, `${s.layers}, ${s.epochs} epoch(s) × ${s.stepsPerEpoch ?? 'all'} steps, lr ${s.learningRate}`] as const),
    ['evaluation', `resize_image(min 120, max ${config.evalMaxDim}), ${config.evalNum === 0 ? 'all' : config.evalNum} val images`],
    ['backend', `${choice.backend} (${choice.packageName})`],
  ];
  await time('report', async () => {
    await writeFile(
      metricsPath,
      `${JSON.stringify({ ...evaluationToJSON(evaluation), backend: choice.backend, config, timings: Object.fromEntries(timings), totalSeconds: totalBeforeReport, startingMeanIoU: startingMeanIoU ?? null, trainingSteps: steps.map(({ losses, ...s }) => ({ ...s, finalLoss: losses[losses.length - 1] ?? null })) }, null, 2)}\n`,
    );
    const html = renderReport({
      title: 'SS-NAN quickstart on the synthetic mini-LIP',
      metrics: evaluation.metrics,
      evaluatedImages: evaluation.images,
      backend: `${choice.backend} (${choice.packageName})`,
      totalSeconds: totalBeforeReport,
      timings,
      configuration,
      steps,
      ...(startingMeanIoU === undefined ? {} : { startingMeanIoU }),
      examples,
      generatedAt: new Date().toISOString(),
    });
    await writeFile(reportPath, html);
  });
  const totalSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const headline = `${formatHeadline(evaluation.metrics)} on ${evaluation.images} synthetic val images (${choice.backend}, ${totalSeconds.toFixed(0)} s)`;
  return { reportPath, metricsPath, runDir, dataDir: data.root, backend: choice.backend, evaluation, steps, timings, totalSeconds, cpuSeconds, headline };
}
