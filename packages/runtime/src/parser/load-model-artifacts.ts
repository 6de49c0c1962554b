import * as tf from '@tensorflow/tfjs-core';
import { ModelLoadError } from './model-load-error.js';

export interface LoadModelArtifactsOptions {
  /** Called with the fraction (0–1) of the weight files loaded, as tfjs' `onProgress`; 1 once everything is in. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * The key of the model's config in model.json's `userDefinedMetadata` (e.g. `'jppnet'`): a model.json
   * without it is another model's, refused before any weight is fetched.
   */
  readonly expectMetadataKey?: string;
  /**
   * Checks that entry (or the whole `userDefinedMetadata` without `expectMetadataKey`) before any weight is
   * fetched; returns why the model does not fit (another class count, …), or nothing when it does.
   */
  readonly checkMetadata?: (metadata: unknown) => string | null | undefined;
  /** How errors name the model; default the URL, or what the IOHandler says of itself. */
  readonly source?: string;
}

/** A layers model's artifacts with its weights, checked to be complete. */
export interface LoadedModelArtifacts extends tf.io.ModelArtifacts {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: tf.io.WeightData;
}

export interface LoadModelArtifactsResult {
  readonly artifacts: LoadedModelArtifacts;
  /** How errors name the model (the URL, file or IOHandler). */
  readonly source: string;
  /** `userDefinedMetadata[expectMetadataKey]`, or the whole `userDefinedMetadata` without a key. */
  readonly metadata: unknown;
}

interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const HTTP_URL = /^https?:\/\//i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Bytes per element of the dtypes a layers model's weights are stored in. */
const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4 };
const QUANTIZED_BYTES: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

function messageOf(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string; code?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}

function fail(message: string, cause?: unknown): never {
  throw new ModelLoadError(message, cause === undefined ? undefined : { cause });
}

async function fetchOk(url: string, what: string, relativeHint: string): Promise<FetchResponse> {
  let response: FetchResponse;
  try {
    response = (await tf.util.fetch(url)) as unknown as FetchResponse;
  } catch (error) {
    fail(`${url}: cannot fetch ${what}: ${messageOf(error)}${relativeHint}`, error);
  }
  if (!response.ok) fail(`${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: ${what} is not there`);
  return response;
}

function checkModelJson(json: unknown, source: string): tf.io.ModelJSON {
  if (json == null || typeof json !== 'object' || Array.isArray(json)) fail(`${source}: not a tfjs model.json (the JSON is ${Array.isArray(json) ? 'an array' : String(json)})`);
  const candidate = json as Partial<tf.io.ModelJSON>;
  if (candidate.modelTopology == null || typeof candidate.modelTopology !== 'object') fail(`${source}: no modelTopology: not a tfjs layers model.json`);
  checkFormat(candidate.format, source);
  const manifest = candidate.weightsManifest as unknown;
  const group = (g: unknown) => g != null && Array.isArray((g as { paths?: unknown }).paths) && Array.isArray((g as { weights?: unknown }).weights);
  if (!Array.isArray(manifest) || !manifest.every(group)) fail(`${source}: no weightsManifest (a list of {paths, weights} groups): not a tfjs layers model.json with weights`);
  return candidate as tf.io.ModelJSON;
}

function checkFormat(format: unknown, source: string): void {
  if (format != null && format !== 'layers-model') fail(`${source}: a tfjs '${String(format)}', not a layers model (a graph model from tensorflowjs_converter cannot be loaded by layer names)`);
}

/** The metadata entry the caller needs, checked before any weight is fetched. */
function checkMetadata(userDefinedMetadata: unknown, source: string, options: LoadModelArtifactsOptions): unknown {
  const all = (userDefinedMetadata ?? null) as Record<string, unknown> | null;
  let metadata: unknown = all;
  const key = options.expectMetadataKey;
  if (key != null) {
    metadata = all?.[key];
    if (metadata == null) {
      const found = all != null && typeof all === 'object' ? Object.keys(all) : [];
      fail(`${source}: not a '${key}' model: model.json's userDefinedMetadata has no '${key}' entry (${found.length > 0 ? `it has ${found.join(', ')}` : 'it has none'})`);
    }
  }
  const problem = options.checkMetadata?.(metadata);
  if (problem) fail(`${source}: ${problem}`);
  return metadata;
}

/** Every weight has a shape and a dtype this loader decodes. */
function checkWeightSpecs(specs: readonly tf.io.WeightsManifestEntry[], source: string): void {
  for (const spec of specs) {
    if (spec == null || typeof spec.name !== 'string') fail(`${source}: a weights manifest entry has no name`);
    if (!Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`${source}: weight '${spec.name}' has an invalid shape ${JSON.stringify(spec.shape)}`);
    if (!(spec.dtype in DTYPE_BYTES)) {
      fail(`${source}: weight '${spec.name}' has dtype '${String(spec.dtype)}' in the weights manifest; model weights are float32 or int32 (optionally quantized as uint8, uint16 or float16)`);
    }
    const quantized = spec.quantization?.dtype;
    if (quantized != null && !(quantized in QUANTIZED_BYTES)) fail(`${source}: weight '${spec.name}' is quantized as '${String(quantized)}'; tfjs decodes uint8, uint16 and float16`);
  }
}

function byteSize(spec: tf.io.WeightsManifestEntry): number {
  const width = spec.quantization != null ? QUANTIZED_BYTES[spec.quantization.dtype]! : DTYPE_BYTES[spec.dtype]!;
  return spec.shape.reduce((a, b) => a * b, 1) * width;
}

/** The weight bytes hold exactly what the specs need; the error names the first tensor cut short. */
function checkByteLength(specs: readonly tf.io.WeightsManifestEntry[], byteLength: number, source: string, files: string): void {
  const needed = specs.reduce((n, spec) => n + byteSize(spec), 0);
  if (needed === byteLength) return;
  if (needed < byteLength) fail(`${source}: ${files} hold ${byteLength} bytes but the manifest's ${specs.length} tensors need ${needed}: the weights do not belong to this model.json`);
  let end = 0;
  const cut = specs.find((spec) => (end += byteSize(spec)) > byteLength)!;
  fail(`${source}: the weights are truncated: ${files} hold ${byteLength} bytes, the manifest's ${specs.length} tensors need ${needed}; '${cut.name}' would end at byte ${end}`);
}

function byteLengthOf(data: tf.io.WeightData): number {
  return (Array.isArray(data) ? data : [data]).reduce((n, b) => n + b.byteLength, 0);
}

function reportProgress(options: LoadModelArtifactsOptions, fraction: number): void {
  options.onProgress?.(Math.min(1, Math.max(0, fraction)));
}

/** The weight file URLs of a manifest, resolved as tfjs' `tf.io.http` does: beside model.json, with its query. */
function weightUrls(url: string, manifest: tf.io.WeightsManifestConfig): { url: string; path: string }[] {
  const lastSlash = url.lastIndexOf('/');
  const lastQuery = url.lastIndexOf('?');
  const prefix = url.substring(0, lastSlash + 1);
  const suffix = lastQuery > lastSlash ? url.substring(lastQuery) : '';
  return manifest.flatMap((group) => group.paths.map((path) => ({ url: `${prefix}${path}${suffix}`, path })));
}

async function loadFromUrl(url: string, options: LoadModelArtifactsOptions): Promise<LoadModelArtifactsResult> {
  const source = options.source ?? url;
  const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
  const relativeHint = !ANY_SCHEME.test(url) && !inBrowser ? ' (outside a browser, give an absolute http(s):// URL, or a file path to a /node parser factory)' : '';
  const response = await fetchOk(url, 'model.json', relativeHint);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const start = text.slice(0, 40).replace(/\s+/g, ' ');
    fail(`${source}: not JSON (${(error as Error).message}; it starts with ${JSON.stringify(start)}): expected a tfjs model.json`, error);
  }
  const modelJson = checkModelJson(json, source);
  const metadata = checkMetadata(modelJson.userDefinedMetadata, source, options);
  const specs = tf.io.getWeightSpecs(modelJson.weightsManifest);
  checkWeightSpecs(specs, source);
  const files = weightUrls(url, modelJson.weightsManifest);
  let done = 0;
  reportProgress(options, 0);
  const buffers = await Promise.all(
    files.map(async (file) => {
      const shard = await fetchOk(file.url, `weight file '${file.path}' listed in ${source}`, '');
      let bytes: ArrayBuffer;
      try {
        bytes = await shard.arrayBuffer();
      } catch (error) {
        fail(`${file.url}: reading weight file '${file.path}' failed: ${messageOf(error)}`, error);
      }
      reportProgress(options, ++done / files.length);
      return bytes;
    }),
  );
  const weightData: tf.io.WeightData = buffers.length === 1 ? buffers[0]! : buffers;
  checkByteLength(specs, byteLengthOf(weightData), source, `its ${files.length} weight file(s)`);
  if (files.length === 0) reportProgress(options, 1);
  const artifacts = tf.io.getModelArtifactsForJSONSync(modelJson, specs, weightData) as LoadedModelArtifacts;
  return { artifacts, source, metadata };
}

function describeHandler(handler: tf.io.IOHandler): string {
  const h = handler as { path?: unknown; directory?: unknown };
  if (typeof h.path === 'string') return h.path;
  if (typeof h.directory === 'string') return `${h.directory}/model.json`;
  return 'the IOHandler';
}

async function loadFromHandler(handler: tf.io.IOHandler, source: string, options: LoadModelArtifactsOptions): Promise<LoadModelArtifactsResult> {
  let loaded: tf.io.ModelArtifacts;
  try {
    loaded = await handler.load!();
  } catch (error) {
    fail(`${source}: cannot load the model: ${messageOf(error)}`, error);
  }
  if (loaded == null || typeof loaded !== 'object') fail(`${source}: the IOHandler's load() gave ${String(loaded)}, not model artifacts`);
  if (loaded.modelTopology instanceof ArrayBuffer) fail(`${source}: a graph model (binary topology), not a tfjs layers model`);
  if (loaded.modelTopology == null || typeof loaded.modelTopology !== 'object') fail(`${source}: no modelTopology: not a tfjs layers model`);
  checkFormat(loaded.format, source);
  const metadata = checkMetadata(loaded.userDefinedMetadata, source, options);
  if (loaded.weightSpecs == null || loaded.weightData == null) {
    fail(`${source}: the model has no weights${loaded.getWeightStream != null ? ' (streamed weights are not supported: load without streamWeights)' : ''}`);
  }
  checkWeightSpecs(loaded.weightSpecs, source);
  checkByteLength(loaded.weightSpecs, byteLengthOf(loaded.weightData), source, 'its weight data');
  reportProgress(options, 1);
  return { artifacts: loaded as LoadedModelArtifacts, source, metadata };
}

/**
 * A tfjs layers model's artifacts, checked, without building anything (so nothing is ever half-loaded):
 * - a URL (`https://…/model.json`, or a relative one in a browser): model.json is fetched and checked (JSON, a
 *   layers model, the expected metadata) before its weight files are fetched beside it; `onProgress` follows
 *   the weight files;
 * - another URL scheme (`file://` with a `/node` entry imported, `indexeddb://`, …): tfjs' registered handler;
 * - a `tf.io.IOHandler`: its `load()`.
 * Every failure is a `ModelLoadError` naming the URL, file or handler and what was expected: model.json missing
 * or not JSON, not a layers model, another model's metadata (`expectMetadataKey`, `checkMetadata`), a weight file
 * missing, truncated or longer weights, a dtype the manifest cannot hold.
 */
export async function loadModelArtifacts(model: string | tf.io.IOHandler, options: LoadModelArtifactsOptions = {}): Promise<LoadModelArtifactsResult> {
  if (options.onProgress != null && typeof options.onProgress !== 'function') throw new TypeError('loadModelArtifacts: onProgress must be a function (fraction) => void');
  if (typeof model === 'string') {
    if (model.trim() === '') throw new TypeError('loadModelArtifacts: the model URL is empty');
    if (HTTP_URL.test(model) || !ANY_SCHEME.test(model)) return loadFromUrl(model, options);
    const handlers = tf.io.getLoadHandlers(model, options.onProgress ? { onProgress: options.onProgress } : undefined);
    if (handlers.length === 0) {
      const hint = model.startsWith('file://') ? ': file:// URLs need Node and a /node entry (import @lip/runtime/node, or give the path to a /node parser factory)' : '';
      fail(`${model}: no tfjs IO handler reads this kind of URL${hint}`);
    }
    return loadFromHandler(handlers[0]!, options.source ?? model, options);
  }
  if (model == null || typeof (model as tf.io.IOHandler).load !== 'function') {
    throw new TypeError(`loadModelArtifacts: model must be the URL of a model.json or a tf.io.IOHandler with a load() method, got ${model === null ? 'null' : typeof model}`);
  }
  return loadFromHandler(model, options.source ?? describeHandler(model), options);
}
