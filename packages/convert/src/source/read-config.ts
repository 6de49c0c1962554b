import { readFile } from 'node:fs/promises';
import { ConvertError } from '../convert-error.js';
import type { WebModelKind } from '../web-model-kind.js';
import { WEB_MODEL_KINDS } from '../web-model-kind.js';

const isRecord = (v: unknown): v is Record<string, unknown> => v != null && typeof v === 'object' && !Array.isArray(v);

/** A config given as a JSON file path or an object, as a plain object (file errors name the file). */
export async function readConfigOption(config: string | object): Promise<{ value: Record<string, unknown>; description: string }> {
  if (typeof config !== 'string') {
    if (!isRecord(config)) throw new ConvertError(`config must be an object (or the path of a JSON file), got ${JSON.stringify(config)}`);
    return { value: config, description: 'the config given' };
  }
  let text: string;
  try {
    text = await readFile(config, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConvertError(code === 'ENOENT' ? `config file ${config} not found` : `cannot read the config file ${config}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConvertError(`config file ${config} is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(json)) throw new ConvertError(`config file ${config} must hold a JSON object (a JppnetConfig, SsnanConfig or PspnetConfig), got ${text.trim().slice(0, 40)}`);
  return { value: json, description: config };
}

/** The model a config names by wrapping itself in its key (`{"jppnet": {…}}`, a run's config.json), or null. */
export function configWrapperKind(config: Record<string, unknown>): WebModelKind | null {
  const keys = WEB_MODEL_KINDS.filter((k) => isRecord(config[k]));
  return keys.length === 1 ? keys[0]! : null;
}

/**
 * The model's own config inside what was given: `{<model key>: config, …}` (a run's config.json, a model.json's
 * metadata), SS-NAN's run.json `{architecture}`, or the config itself.
 */
export function unwrapConfig(config: Record<string, unknown>, kind: WebModelKind): Record<string, unknown> {
  const wrapped = config[kind];
  if (isRecord(wrapped)) return wrapped;
  if (kind === 'ssnan' && config['format'] === 'lip-train-ssnan-run' && isRecord(config['architecture'])) {
    const { blocksPerStage, ...rest } = config['architecture'];
    return blocksPerStage == null ? rest : { ...rest, blocksPerStage };
  }
  return config;
}
