import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackendChoice, useBackend, type BackendRequest } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import type { JppnetConfig } from '@lip/jppnet';
import type { SsnanConfig } from '@lip/nan-head';
import type { PspnetConfig } from '@lip/pspnet';
import type { RgbImage } from '@lip/schema';
import { compareLogits, maxAbsDifference } from './compare/compare-outputs.js';
import { readTestImage, testImageTensor, type TestImage } from './compare/test-image.js';
import { WEB_MODEL_DTYPES, type ConversionReport, type QuantizedComparison, type WebModelDtype, type WebModelFile } from './conversion-report.js';
import { ConvertError } from './convert-error.js';
import { quantizeWeightsToFloat16 } from './float16.js';
import { quantizeWeightsToUint8 } from './uint8.js';
import { ADAPTERS } from './models/adapters.js';
import type { BuiltNetwork } from './models/web-model-adapter.js';
import { checkOutputFolder, clearOutputFolder } from './output/check-output-folder.js';
import { detectModelKind } from './source/detect-model.js';
import { configWrapperKind, readConfigOption, unwrapConfig } from './source/read-config.js';
import { readSource, type SourceWeights } from './source/read-source.js';
import { resolveSource, type ResolvedSource } from './source/resolve-source.js';
import { WEB_MODEL_KINDS, type WebModelKind } from './web-model-kind.js';

/** tensorflowjs_converter's default weight shard size, and `nodeFileSystem`'s: 4 MiB. */
export const WEB_MODEL_SHARD_BYTES = 4 * 1024 * 1024;

export interface ConvertToWebModelOptions {
  /**
   * The weights: a JPPNet TF checkpoint (prefix `…/model.ckpt-NNN`, its `.index`, or the folder with its `checkpoint`
   * file), an SS-NAN or PSPNet-Keras `.h5`, a tfjs model folder (or its model.json), or a training run folder.
   */
  readonly from: string;
  /** The web model folder to write: new, empty, or a previous web model (replaced atomically). */
  readonly out: string;
  /** The network; detected from the input's metadata, run, config or layer names when left out. */
  readonly model?: WebModelKind;
  /**
   * The network's config (a `JppnetConfig`, `SsnanConfig` or `PspnetConfig`, optionally wrapped as `{jppnet: …}`),
   * or the path of a JSON file holding it. Default: the input's own (tfjs model metadata, run config), else the
   * published model (JPPNet-s2, SS-NAN; PSPNet-Keras' ResNet-101 at 473² with the file's class count).
   */
  readonly config?: string | JppnetConfig | SsnanConfig | PspnetConfig | Readonly<Record<string, unknown>>;
  /**
   * Default float32. float16 stores every float32 weight as IEEE half (`quantization: {dtype: 'float16'}`, half the
   * bytes); uint8 as affine 8-bit levels of each tensor's range (`quantization: {dtype: 'uint8', min, scale}`, a
   * quarter of the bytes). Both are what tensorflowjs_converter writes and tfjs-core de-quantizes on load.
   */
  readonly dtype?: WebModelDtype;
  /** float16 / uint8: the comparison image (a file decoded with sharp, or an RgbImage); default a synthetic mini-LIP sample. */
  readonly testImage?: string | RgbImage;
  /** Weight shard size in bytes; default 4 MiB. */
  readonly shardSizeBytes?: number;
  /** Replace an output folder that exists and is not a web model. Default false. */
  readonly force?: boolean;
  /** Select this backend first. Default: the current backend, or `useBackend()` (LIP_BACKEND, else auto) if none is set. */
  readonly backend?: BackendRequest;
  /** Progress lines. */
  readonly onLog?: (line: string) => void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v != null && typeof v === 'object' && !Array.isArray(v);

function checkOptions(options: ConvertToWebModelOptions): void {
  if (options == null || typeof options !== 'object') throw new ConvertError('convertToWebModel expects options {from, out, …}');
  for (const key of ['from', 'out'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') throw new ConvertError(`${key} must be a non-empty path, got ${JSON.stringify(options[key])}`);
  }
  if (options.model != null && !WEB_MODEL_KINDS.includes(options.model)) throw new ConvertError(`model must be one of ${WEB_MODEL_KINDS.join(', ')}, got ${JSON.stringify(options.model)}`);
  if (options.dtype != null && !WEB_MODEL_DTYPES.includes(options.dtype)) throw new ConvertError(`dtype must be one of ${WEB_MODEL_DTYPES.join(', ')}, got ${JSON.stringify(options.dtype)}`);
  const shard = options.shardSizeBytes;
  if (shard != null && !(Number.isInteger(shard) && shard >= 1)) throw new ConvertError(`shardSizeBytes must be a positive integer, got ${JSON.stringify(shard)}`);
}

/** Which network the input holds, and why we think so. */
function chooseModel(options: ConvertToWebModelOptions, config: Record<string, unknown> | null, source: ResolvedSource, read: SourceWeights): { kind: WebModelKind; why: string } {
  if (options.model != null) return { kind: options.model, why: 'as asked' };
  const wrapped = config == null ? null : configWrapperKind(config);
  if (wrapped != null) return { kind: wrapped, why: `the config names it` };
  const saved = WEB_MODEL_KINDS.find((k) => isRecord(read.metadata?.[k]));
  if (saved != null) return { kind: saved, why: `model.json's metadata has a '${saved}' config` };
  if (source.run != null) return { kind: source.run.model, why: `the run's ${source.run.file}` };
  const named = detectModelKind(read.weights);
  if (named != null) return { kind: named, why: 'its layer names' };
  if (source.kind === 'tf-checkpoint') return { kind: 'jppnet', why: 'a TF checkpoint (JPPNet is the TF checkpoint of the three)' };
  throw new ConvertError(
    `cannot tell which network ${options.from} holds (no config in its metadata or run, and no JPPNet, SS-NAN or PSPNet layer names among its ` +
      `${read.weights.tensors.length} tensors); pass --model jppnet|ssnan|pspnet (model: …) and a config`,
  );
}

/** The config to build, and where it came from. */
function chooseConfig(
  kind: WebModelKind,
  given: { value: Record<string, unknown>; description: string } | null,
  source: ResolvedSource,
  read: SourceWeights,
): { config: Record<string, unknown> | null; from: string } {
  if (given != null) return { config: unwrapConfig(given.value, kind), from: given.description };
  const saved = read.metadata?.[kind];
  if (isRecord(saved)) return { config: saved, from: `${source.path}/model.json metadata` };
  if (source.run?.model === kind) return { config: source.run.config, from: source.run.file };
  return { config: null, from: `default: ${ADAPTERS[kind].defaultConfigName}` };
}

async function captureArtifacts(model: BuiltNetwork['model']): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return captured!;
}

async function listWebModelFiles(dir: string): Promise<WebModelFile[]> {
  const json = JSON.parse(await readFile(resolve(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const names = ['model.json', ...json.weightsManifest.flatMap((g) => g.paths)];
  return Promise.all(names.map(async (name) => ({ name, bytes: (await stat(resolve(dir, name))).size })));
}

/** Writes the weights of the web model in `dir` into the network (by tfjs weight name), de-quantized by tfjs-core. */
async function assignWrittenWeights(built: BuiltNetwork, dir: string): Promise<void> {
  const artifacts = await nodeFileSystem(dir).load();
  const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  try {
    for (const w of built.model.weights) {
      const t = tensors[w.originalName];
      if (t == null) throw new Error(`${dir}/model.json has no weight '${w.originalName}'`);
      w.write(t);
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Quantized against float32: the network's forward pass with the float32 weights in memory and with the written ones. */
async function compareWithFloat32(built: BuiltNetwork, dir: string, testImage: TestImage): Promise<QuantizedComparison> {
  const { rgb, description } = testImageTensor(testImage, built.testSize);
  const input = built.prepare(rgb);
  rgb.dispose();
  const reference = built.forward(input);
  await assignWrittenWeights(built, dir);
  const quantized = built.forward(input);
  try {
    const c = compareLogits(reference.logits, quantized.logits);
    return {
      image: description,
      size: [input.shape[1], input.shape[2]],
      pixels: c.pixels,
      labelAgreement: c.labelAgreement,
      maxLogitDifference: c.maxLogitDifference,
      maxAbsLogit: c.maxAbsLogit,
      ...(reference.pose && quantized.pose ? { maxPoseDifference: maxAbsDifference(reference.pose, quantized.pose) } : {}),
    };
  } finally {
    tf.dispose([input, reference.logits, quantized.logits, ...(reference.pose ? [reference.pose] : []), ...(quantized.pose ? [quantized.pose] : [])]);
  }
}

/**
 * Converts the authors' weights (JPPNet TF checkpoint, SS-NAN or PSPNet-Keras `.h5`) or our own training output into
 * a web model folder: `model.json` (tfjs layers format, the network's config in `userDefinedMetadata` under its key,
 * as `saveJppnet` / `ssnan.model.save` / `pspnet.model.save` write it) and weight shards of at most
 * `shardSizeBytes`, written atomically by `@lip/runtime/node`'s `nodeFileSystem`. The weights are loaded with the
 * model packages' own loaders (strict: a missing or mis-shaped tensor is an error naming it and the file).
 * float16 and uint8 store the weights quantized and report how the network's logits change on a test image.
 */
export async function convertToWebModel(options: ConvertToWebModelOptions): Promise<ConversionReport> {
  checkOptions(options);
  const log = options.onLog ?? (() => {});
  const dtype = options.dtype ?? 'float32';
  const out = resolve(options.out);
  const source = await resolveSource(options.from);
  const outState = await checkOutputFolder(out, { force: options.force ?? false, from: options.from });

  if (options.backend != null || !tf.getBackend()) {
    const choice = await useBackend(options.backend);
    log(describeBackendChoice(choice).split('\n')[0]!);
  }
  const given = options.config == null ? null : await readConfigOption(options.config);
  const testImage = dtype !== 'float32' ? await readTestImage(options.testImage) : null;

  log(`reading ${source.description}`);
  let read: SourceWeights | null = await readSource(source);
  const { kind, why } = chooseModel(options, given?.value ?? null, source, read);
  const { config, from: configSource } = chooseConfig(kind, given, source, read);
  log(`model: ${kind} (${why}); config: ${configSource}`);

  let built: BuiltNetwork;
  try {
    built = ADAPTERS[kind].build(config, read.weights);
  } catch (e) {
    if (e instanceof ConvertError) throw e;
    throw new ConvertError(`cannot build ${kind} from the config (${configSource}): ${(e as Error).message}`);
  }
  try {
    let loaded: number;
    try {
      loaded = built.load(read.weights);
    } catch (e) {
      // The loader's message names the file and the tensors; say which network it was compared with.
      if (config == null && e instanceof Error) e.message += ` (the network was built from the default config, ${ADAPTERS[kind].defaultConfigName}; give the file's config with --config)`;
      throw e;
    }
    log(`loaded ${loaded} tensors from ${read.weights.description}`);
    read = null; // the file's tensors are no longer needed

    const artifacts = await captureArtifacts(built.model);
    const specs = artifacts.weightSpecs ?? [];
    const float32WeightBytes = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
    let keptFloat32: string[] = [];
    let toWrite: tf.io.ModelArtifacts = { ...artifacts, convertedBy: '@lip/convert' };
    if (dtype === 'float16') {
      const q = quantizeWeightsToFloat16(specs, artifacts.weightData ?? new ArrayBuffer(0));
      keptFloat32 = q.keptFloat32;
      if (keptFloat32.length > 0) log(`kept in float32 (values beyond ±65504): ${keptFloat32.join(', ')}`);
      toWrite = { ...toWrite, weightSpecs: q.specs, weightData: q.data };
    } else if (dtype === 'uint8') {
      const q = quantizeWeightsToUint8(specs, artifacts.weightData ?? new ArrayBuffer(0));
      toWrite = { ...toWrite, weightSpecs: q.specs, weightData: q.data };
    }
    if (outState === 'other') await clearOutputFolder(out);
    await nodeFileSystem(out, { shardSizeBytes: options.shardSizeBytes ?? WEB_MODEL_SHARD_BYTES }).save(toWrite);
    const files = await listWebModelFiles(out);
    log(`wrote ${out}`);

    let comparison: QuantizedComparison | null = null;
    if (dtype !== 'float32') {
      log(`comparing ${dtype} with float32 logits`);
      comparison = await compareWithFloat32(built, out, testImage!);
    }
    const shards = files.filter((f) => f.name !== 'model.json');
    return {
      model: kind,
      source: source.description,
      out,
      dtype,
      config: built.config,
      configSource,
      tensors: specs.length,
      parameters: built.model.countParams(),
      keptFloat32,
      files,
      totalBytes: files.reduce((n, f) => n + f.bytes, 0),
      weightBytes: shards.reduce((n, f) => n + f.bytes, 0),
      float32WeightBytes,
      shardCount: shards.length,
      comparison,
    };
  } finally {
    built.dispose();
  }
}
