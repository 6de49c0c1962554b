import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkParserOptions, loadParser, ModelLoadError, parserFromWeights, WeightImportError } from '@lip/runtime';
import { isDirectory, isFile, isLocalModelPath, latestCheckpointOf, nodeFileSystem, readKerasWeightsFile, readModelJsonFile } from '@lip/runtime/node';
import type { SsnanConfig } from '../model/ssnan-config.js';
import { SSNAN_METADATA_KEY } from '../model/ssnan-from-model.js';
import { SSNAN_PARSER_FAMILY, type SsnanParserConfig } from '../parser/create-ssnan-parser.js';
import type { SsnanParser } from '../parser/ssnan-parser.js';
import { loadSsnanWeights } from '../weights/load-ssnan-weights.js';

const KERAS_FILE = /\.(h5|hdf5)$/i;
const MODEL_JSON = 'model.json';
const RUN_MANIFEST = 'run.json';
/** The head layers `mask_prob` needs (`mask_class_conv` only serves deep supervision in training). */
const PARSING_HEAD = ['mask_att_conv', 'mask_att_prob', 'mask_denseclass_conv'];

type LocalModel = { kind: 'tfjs'; modelJson: string } | { kind: 'keras'; path: string };

/** The newest checkpoint of a train-ssnan run folder (run.json, then `<mode>/checkpoints/latest.json` per train mode). */
function newestRunCheckpoint(run: string, shown: string): string {
  let newest: ReturnType<typeof latestCheckpointOf> | null = null;
  for (const entry of readdirSync(run)) {
    const store = join(run, entry, 'checkpoints');
    if (!isFile(join(store, 'latest.json'))) continue;
    const checkpoint = latestCheckpointOf(store, shown);
    if (newest == null || checkpoint.savedAt > newest.savedAt) newest = checkpoint;
  }
  if (newest == null) throw new ModelLoadError(`${shown}: a train-ssnan run folder (run.json) without any checkpoint (no <mode>/checkpoints/latest.json): train a step first`);
  return newest.modelJson;
}

const EXPECTED =
  'a web model folder (model.json + shards, from lip-convert or ssnan.model.save) or its model.json, a train-ssnan run folder (run.json), ' +
  "a step's checkpoints folder (latest.json) or one checkpoint folder, or an SS-NAN Keras .h5 (the authors' weights)";

function locate(model: string): LocalModel {
  const path = resolve(model);
  if (isDirectory(path)) {
    if (isFile(join(path, MODEL_JSON))) return { kind: 'tfjs', modelJson: join(path, MODEL_JSON) };
    if (isFile(join(path, 'latest.json'))) return { kind: 'tfjs', modelJson: latestCheckpointOf(path, model).modelJson };
    if (isFile(join(path, 'checkpoints', 'latest.json'))) return { kind: 'tfjs', modelJson: latestCheckpointOf(join(path, 'checkpoints'), model).modelJson };
    if (isFile(join(path, RUN_MANIFEST))) return { kind: 'tfjs', modelJson: newestRunCheckpoint(path, model) };
    throw new ModelLoadError(`${model}: no SS-NAN model in this folder: expected ${EXPECTED}`);
  }
  if (isFile(path)) {
    if (path.endsWith('.json')) return { kind: 'tfjs', modelJson: path };
    if (KERAS_FILE.test(path)) return { kind: 'keras', path };
    throw new ModelLoadError(`${model}: not a model file: expected ${EXPECTED}`);
  }
  throw new ModelLoadError(`${model}: no such file or folder`);
}

/** The SS-NAN config of the train-ssnan run a checkpoint belongs to (`architecture` of the nearest run.json above it), or null. */
function runConfigAbove(modelJson: string, shown: string, levels = 5): SsnanConfig | null {
  let dir = dirname(modelJson);
  for (let i = 0; i < levels; i++) {
    const manifest = join(dir, RUN_MANIFEST);
    if (isFile(manifest)) {
      const { format, architecture } = readModelJsonFile(manifest, shown) as { format?: unknown; architecture?: Record<string, unknown> };
      if (format !== 'lip-train-ssnan-run' || architecture == null || typeof architecture !== 'object') {
        throw new ModelLoadError(`${shown}: ${manifest} is not a train-ssnan run manifest (format lip-train-ssnan-run with an architecture)`);
      }
      const { depth, widthMultiplier, blocksPerStage, attentionWidth } = architecture as SsnanConfig & { blocksPerStage?: SsnanConfig['blocksPerStage'] | null };
      return { depth, widthMultiplier, ...(blocksPerStage != null ? { blocksPerStage } : {}), attentionWidth };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** The network of a local model.json: `config` if given, else its own metadata, else the run.json above it. */
function configOf(modelJson: string, shown: string, config: SsnanConfig | undefined): SsnanConfig | undefined {
  if (config != null) return config;
  const metadata = readModelJsonFile(modelJson, shown)['userDefinedMetadata'] as Record<string, unknown> | undefined;
  if (metadata?.[SSNAN_METADATA_KEY] != null) return undefined; // the loader checks and uses it
  const fromRun = runConfigAbove(modelJson, shown);
  if (fromRun != null) return fromRun;
  const format = readModelJsonFile(modelJson, shown)['convertedBy'];
  if (typeof format === 'string' && format.includes('fileCheckpointStore')) {
    throw new ModelLoadError(`${modelJson}: a train() checkpoint carries no SS-NAN config and no train-ssnan run.json is above it: pass config`);
  }
  return undefined; // the loader's error: not an 'ssnan' model
}

/** An SS-NAN `.h5` (Keras 2 layout, `resnet101_model` + `mask_*` head) into the network of `config`. */
async function parserFromKeras(path: string, shown: string, config: SsnanConfig): Promise<SsnanParser> {
  const weights = await readKerasWeightsFile(path);
  return parserFromWeights(SSNAN_PARSER_FAMILY, config, shown, (ssnan) => {
    const report = loadSsnanWeights(ssnan, weights, { allowMissingHead: true });
    if (report.format === 'pspnet') {
      throw new WeightImportError(
        `${shown} is a PSPNet-Keras file: it holds a trunk but no SS-NAN head (mask_att_conv, mask_att_prob, mask_denseclass_conv); ` +
          `parse with @lip/pspnet/node's createPspnetParser instead`,
      );
    }
    const missing = report.missing.filter((key) => PARSING_HEAD.some((layer) => key.startsWith(`${layer}/`)));
    if (missing.length > 0) throw new WeightImportError(`${shown}: head weight(s) SS-NAN parses with are not in the file (a pretrain checkpoint?): ${missing.join(', ')}`);
  });
}

/**
 * `createSsnanParser` of the root entry (URLs, `tf.io.IOHandler`s; `http(s)://` and `file://` strings go there), plus
 * local paths:
 * - a web model folder or its model.json (`lip-convert`, `ssnan.model.save`), which carries its config;
 * - train-ssnan output: a run folder (run.json; its newest checkpoint over the train modes), a `<mode>` or
 *   `<mode>/checkpoints` folder (latest.json) or one checkpoint folder; the config comes from the run's run.json
 *   (`architecture`), or pass `config`;
 * - the authors' SS-NAN Keras `.h5` as it is (`AttResnet101FCN_lip_0030.h5`), loaded by layer name into the published
 *   SS-NAN (or the network of `config`); `mask_class_conv` (deep supervision only) may be absent.
 */
export async function createSsnanParser(parserConfig: SsnanParserConfig): Promise<SsnanParser> {
  checkParserOptions(SSNAN_PARSER_FAMILY, parserConfig, 'createSsnanParser');
  const { model, onProgress, config } = parserConfig;
  if (!isLocalModelPath(model)) return loadParser(SSNAN_PARSER_FAMILY, parserConfig);
  const local = locate(model);
  if (local.kind === 'tfjs') {
    const resolved = configOf(local.modelJson, model, config);
    return loadParser(SSNAN_PARSER_FAMILY, { ...parserConfig, model: nodeFileSystem(local.modelJson), ...(resolved != null ? { config: resolved } : {}) }, local.modelJson);
  }
  const parser = await parserFromKeras(local.path, model, config ?? {});
  onProgress?.(1);
  return parser;
}
