import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ModelLoadError } from '../parser/model-load-error.js';
import { MODEL_JSON } from './model-files.js';

const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Whether a parser factory's `model` is a local path (a string without a URL scheme), which only `/node` entries take. */
export function isLocalModelPath(model: unknown): model is string {
  return typeof model === 'string' && !ANY_SCHEME.test(model);
}

export const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();
export const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/**
 * The model.json of a local tfjs model given as its `model.json` path or as the folder holding one; null for
 * anything else (a Keras file, a TF checkpoint, a folder without a model.json).
 */
export function localModelJsonOf(path: string): string | null {
  if (basename(path) === MODEL_JSON) return path;
  return isFile(join(path, MODEL_JSON)) ? join(path, MODEL_JSON) : null;
}

/** A JSON file of a local model, or a ModelLoadError naming it and the model as the user gave it (`shown`). */
export function readModelJsonFile(path: string, shown: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ModelLoadError(`${shown}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** The checkpoint a `fileCheckpointStore` folder's latest.json names: its model.json and when it was saved. */
export function latestCheckpointOf(folder: string, shown: string): { readonly modelJson: string; readonly savedAt: string } {
  const latest = join(folder, 'latest.json');
  const { checkpoint, savedAt } = readModelJsonFile(latest, shown);
  if (typeof checkpoint !== 'string' || !isFile(join(folder, checkpoint, 'model.json'))) {
    throw new ModelLoadError(`${shown}: ${latest} names checkpoint ${JSON.stringify(checkpoint)}, which holds no model.json`);
  }
  return { modelJson: join(folder, checkpoint, 'model.json'), savedAt: typeof savedAt === 'string' ? savedAt : '' };
}
