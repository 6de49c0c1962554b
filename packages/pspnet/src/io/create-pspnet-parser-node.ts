import { join, resolve } from 'node:path';
import { checkParserOptions, loadParser, ModelLoadError, parserFromWeights, type WeightSource } from '@lip/runtime';
import { isDirectory, isFile, isLocalModelPath, nodeFileSystem, readKerasWeightsFile } from '@lip/runtime/node';
import { LIP_NUM_CLASSES } from '@lip/schema';
import { PSPNET_PARSER_FAMILY, type PspnetParserConfig } from '../parser/create-pspnet-parser.js';
import type { PspnetParser } from '../parser/pspnet-parser.js';
import { loadPspnetWeights } from '../weights/load-pspnet-weights.js';

const KERAS_FILE = /\.(h5|hdf5)$/i;
const MODEL_JSON = 'model.json';
const EXPECTED = 'a web model folder (model.json + shards, from lip-convert or pspnet.model.save) or its model.json, or a PSPNet-Keras .h5';

type LocalModel = { kind: 'tfjs'; modelJson: string } | { kind: 'keras'; path: string };

function locate(model: string): LocalModel {
  const path = resolve(model);
  if (isDirectory(path)) {
    if (isFile(join(path, MODEL_JSON))) return { kind: 'tfjs', modelJson: join(path, MODEL_JSON) };
    throw new ModelLoadError(`${model}: no PSPNet model in this folder (no ${MODEL_JSON}): expected ${EXPECTED}`);
  }
  if (isFile(path)) {
    if (path.endsWith('.json')) return { kind: 'tfjs', modelJson: path };
    if (KERAS_FILE.test(path)) return { kind: 'keras', path };
    throw new ModelLoadError(`${model}: not a model file: expected ${EXPECTED}`);
  }
  throw new ModelLoadError(`${model}: no such file or folder`);
}

/** The class count of a PSPNet-Keras file: the output channels of its `conv6` kernel, or null. */
function classesInFile(weights: WeightSource): { count: number; shape: readonly number[] } | null {
  const kernel = weights.tensors.find((t) => t.layer.slice(t.layer.lastIndexOf('/') + 1) === 'conv6' && t.role === 'kernel');
  return kernel?.shape.length === 4 ? { count: kernel.shape[3]!, shape: kernel.shape } : null;
}

/** A PSPNet-Keras `.h5` into the network of `config` (20 classes), checked against the file's class count first. */
async function parserFromKeras(path: string, shown: string, parserConfig: PspnetParserConfig): Promise<PspnetParser> {
  const weights = await readKerasWeightsFile(path);
  const classes = classesInFile(weights);
  if (classes == null) throw new ModelLoadError(`${shown}: no conv6 kernel: not a PSPNet-Keras model file (build_pspnet's conv6 classifier is missing)`);
  if (classes.count !== LIP_NUM_CLASSES) {
    throw new ModelLoadError(`${shown}: a PSPNet with ${classes.count} classes (conv6/kernel [${classes.shape.join(', ')}]); a LIP parser needs ${LIP_NUM_CLASSES}`);
  }
  return parserFromWeights(PSPNET_PARSER_FAMILY, parserConfig.config ?? {}, shown, (pspnet) => loadPspnetWeights(pspnet, weights));
}

/**
 * `createPspnetParser` of the root entry (URLs, `tf.io.IOHandler`s; `http(s)://` and `file://` strings go there), plus
 * local paths:
 * - a web model folder or its model.json (`lip-convert`, `pspnet.model.save`), which carries its config;
 * - a PSPNet-Keras `.h5` as it is (flat `build_pspnet` layer names), loaded by name into the network of `config`
 *   (default ResNet-101 at 473², 20 classes; set `inputSize`, `preprocessing` etc. as the file was trained). Its
 *   `conv6` must have 20 outputs.
 */
export async function createPspnetParser(parserConfig: PspnetParserConfig): Promise<PspnetParser> {
  checkParserOptions(PSPNET_PARSER_FAMILY, parserConfig, 'createPspnetParser');
  const { model, onProgress } = parserConfig;
  if (!isLocalModelPath(model)) return loadParser(PSPNET_PARSER_FAMILY, parserConfig);
  const local = locate(model);
  if (local.kind === 'tfjs') return loadParser(PSPNET_PARSER_FAMILY, { ...parserConfig, model: nodeFileSystem(local.modelJson) }, local.modelJson);
  const parser = await parserFromKeras(local.path, model, parserConfig);
  onProgress?.(1);
  return parser;
}
