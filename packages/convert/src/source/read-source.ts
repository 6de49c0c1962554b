import { join } from 'node:path';
import type { WeightSource } from '@lip/runtime';
import { readKerasWeightsFile, readModelJsonFile, readTfCheckpointFile, readTfjsModelWeights } from '@lip/runtime/node';
import type { ResolvedSource } from './resolve-source.js';

/** The weights of a source, read once, and the `userDefinedMetadata` of a tfjs model. */
export interface SourceWeights {
  readonly weights: WeightSource;
  readonly metadata: Record<string, unknown> | null;
}

/** A tfjs model folder's weights (de-quantized; errors name its model.json) and its `userDefinedMetadata`. */
async function readTfjsModelSource(dir: string): Promise<SourceWeights> {
  const weights = await readTfjsModelWeights(dir);
  const metadata = (readModelJsonFile(join(dir, 'model.json'), dir)['userDefinedMetadata'] as Record<string, unknown> | undefined) ?? null;
  return { weights, metadata };
}

/** Reads the weights with `@lip/runtime/node`'s readers (their errors name the file and the tensor). */
export async function readSource(source: ResolvedSource): Promise<SourceWeights> {
  switch (source.kind) {
    case 'tf-checkpoint':
      return { weights: await readTfCheckpointFile(source.path), metadata: null };
    case 'keras':
      return { weights: await readKerasWeightsFile(source.path), metadata: null };
    case 'tfjs-model':
      return readTfjsModelSource(source.path);
  }
}
