import { fixtureFolder } from '../../testing/fixtures.js';

/** Test support: the committed weight fixtures of fixtures/make_weight_fixtures.py and their expected values. */
export const weightFixtures = fixtureFolder(new URL('../../../fixtures/weights/', import.meta.url));

export interface ExpectedTensor {
  name: string;
  dtype: string;
  shape: number[];
  /** float32 values, or int64 ones as decimal strings. */
  values: (number | string)[];
  /** The dtype stored in the file when the writer converted it (float16). */
  stored?: string;
  layer?: string;
  role?: string;
}

interface ExpectedFile {
  [file: string]: unknown;
  keras3_legacy_output: { input: string; output: number[] };
  jppnet_like_files: string[];
  /** One gzip chunk of keras2_model.h5, for the corrupt-data test. */
  keras2_model_chunk: { name: string; offset: number; size: number };
}

export const expectedWeights = weightFixtures.json<ExpectedFile>('expected.json');

export function expectedTensors(file: string): ExpectedTensor[] {
  const list = expectedWeights[file];
  if (!Array.isArray(list)) throw new Error(`no expected tensors for ${file}`);
  return list as ExpectedTensor[];
}
