import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkParserOptions, loadParser, ModelLoadError, parserFromWeights } from '@lip/runtime';
import { isDirectory, isLocalModelPath, latestCheckpointOf, nodeFileSystem } from '@lip/runtime/node';
import { JPPNET_PARSER_FAMILY, type JppnetParserConfig } from '../parser/create-jppnet-parser.js';
import type { JppnetParser } from '../parser/jppnet-parser.js';
import { loadJppnetWeightsFile } from '../weights/read-jppnet-weights-file.js';

const TF_CHECKPOINT_FILE = /\.(index|data-\d{5}-of-\d{5})$/;
const KERAS_FILE = /\.(h5|hdf5)$/i;
const MODEL_JSON = 'model.json';

type LocalModel = { kind: 'tfjs'; modelJson: string } | { kind: 'weights'; path: string };

const EXPECTED =
  'a folder with model.json (a web model, saveJppnet or a train() checkpoint step), a model.json file, a folder with ' +
  "latest.json (train()'s checkpoints), or a TF checkpoint (its prefix, .index or .data-* file, or a folder with a 'checkpoint' file)";

function locate(model: string): LocalModel {
  const path = resolve(model);
  if (isDirectory(path)) {
    if (existsSync(join(path, MODEL_JSON))) return { kind: 'tfjs', modelJson: join(path, MODEL_JSON) };
    if (existsSync(join(path, 'latest.json'))) return { kind: 'tfjs', modelJson: latestCheckpointOf(path, model).modelJson };
    if (existsSync(join(path, 'checkpoint'))) return { kind: 'weights', path };
    throw new ModelLoadError(`${model}: no JPPNet model in this folder: expected ${EXPECTED}`);
  }
  if (existsSync(path)) {
    if (path.endsWith('.json')) return { kind: 'tfjs', modelJson: path };
    if (TF_CHECKPOINT_FILE.test(path) || KERAS_FILE.test(path)) return { kind: 'weights', path };
    throw new ModelLoadError(`${model}: not a model file: expected ${EXPECTED}`);
  }
  if (existsSync(`${path}.index`)) return { kind: 'weights', path };
  throw new ModelLoadError(`${model}: no such file, folder or TF checkpoint prefix (no ${basename(path)}.index in ${dirname(path)})`);
}

/**
 * `createJppnetParser` of the root entry (URLs, `tf.io.IOHandler`s; `http(s)://` and `file://` strings go there),
 * plus local paths:
 * - a converted model folder or its model.json (`saveJppnet`, a web model), or a `train()` checkpoint step
 *   folder or a `fileCheckpointStore` folder (its latest.json), which carry no config: pass `config`;
 * - the reference's own TensorFlow checkpoint as it is: the prefix (`checkpoint/JPPNet-s2/model.ckpt-205632`), its
 *   `.index` / `.data-*` file or its folder with a `checkpoint` file, loaded by variable name into JPPNet-s2 (or
 *   the network of `config`); a Keras `.h5` with the same layer names too.
 */
export async function createJppnetParser(parserConfig: JppnetParserConfig): Promise<JppnetParser> {
  checkParserOptions(JPPNET_PARSER_FAMILY, parserConfig, 'createJppnetParser');
  const { model, onProgress, config } = parserConfig;
  if (!isLocalModelPath(model)) return loadParser(JPPNET_PARSER_FAMILY, parserConfig);
  const local = locate(model);
  if (local.kind === 'tfjs') return loadParser(JPPNET_PARSER_FAMILY, { ...parserConfig, model: nodeFileSystem(local.modelJson) }, local.modelJson);
  const parser = await parserFromWeights(JPPNET_PARSER_FAMILY, config ?? {}, model, (jppnet) => loadJppnetWeightsFile(jppnet, local.path));
  onProgress?.(1);
  return parser;
}
