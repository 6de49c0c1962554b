import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ModelLoadError } from '@lip/runtime';
import { nodeFileSystem } from '@lip/runtime/node';
import { checkParserConfig, jppnetParserFromWeights, loadJppnetParser, type JppnetParserConfig } from '../parser/create-jppnet-parser.js';
import type { JppnetParser } from '../parser/jppnet-parser.js';
import { loadJppnetWeightsFile } from '../weights/read-jppnet-weights-file.js';

const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const TF_CHECKPOINT_FILE = /\.(index|data-\d{5}-of-\d{5})$/;
const KERAS_FILE = /\.(h5|hdf5)$/i;
const MODEL_JSON = 'model.json';

type LocalModel = { kind: 'tfjs'; modelJson: string } | { kind: 'weights'; path: string };

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The `step-…` folder a `fileCheckpointStore` folder's latest.json names. */
function latestCheckpoint(folder: string, shown: string): string {
  const latest = join(folder, 'latest.json');
  let checkpoint: unknown;
  try {
    checkpoint = (JSON.parse(readFileSync(latest, 'utf8')) as { checkpoint?: unknown }).checkpoint;
  } catch (error) {
    throw new ModelLoadError(`${shown}: cannot read latest.json: ${(error as Error).message}`, { cause: error });
  }
  if (typeof checkpoint !== 'string' || !existsSync(join(folder, checkpoint, MODEL_JSON))) {
    throw new ModelLoadError(`${shown}: latest.json names checkpoint ${JSON.stringify(checkpoint)}, which holds no ${MODEL_JSON}`);
  }
  return join(folder, checkpoint, MODEL_JSON);
}

const EXPECTED =
  'a folder with model.json (a web model, saveJppnet or a train() checkpoint step), a model.json file, a folder with ' +
  "latest.json (train()'s checkpoints), or a TF checkpoint (its prefix, .index or .data-* file, or a folder with a 'checkpoint' file)";

function locate(model: string): LocalModel {
  const path = resolve(model);
  if (isDirectory(path)) {
    if (existsSync(join(path, MODEL_JSON))) return { kind: 'tfjs', modelJson: join(path, MODEL_JSON) };
    if (existsSync(join(path, 'latest.json'))) return { kind: 'tfjs', modelJson: latestCheckpoint(path, model) };
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
  checkParserConfig(parserConfig, 'createJppnetParser');
  const { model, onProgress, config } = parserConfig;
  if (typeof model !== 'string' || ANY_SCHEME.test(model)) return loadJppnetParser(parserConfig);
  const local = locate(model);
  if (local.kind === 'tfjs') return loadJppnetParser({ ...parserConfig, model: nodeFileSystem(local.modelJson) }, local.modelJson);
  const parser = await jppnetParserFromWeights(config ?? {}, model, (jppnet) => loadJppnetWeightsFile(jppnet, local.path));
  onProgress?.(1);
  return parser;
}
