// Test-only: the fixtures written by fixtures/make_fixtures.py.
import { fixtureFolder, type EncodedArray } from '@lip/runtime/testing';

export const pspnetFixtures = fixtureFolder(new URL('../../fixtures/', import.meta.url));

export interface FixtureCase<Config = Record<string, unknown>> {
  config: Config;
  weights: string;
  input: EncodedArray;
  outputs: Array<EncodedArray & { name: string }>;
  /** Keras weight path ('layer/role') → shape, in the Python model's order. */
  weightShapes: Record<string, number[]>;
  featureSize?: [number, number];
  poolKernels?: Record<string, [number, number]>;
}

export function readCase<Config = Record<string, unknown>>(name: string): FixtureCase<Config> {
  return pspnetFixtures.json<FixtureCase<Config>>(`${name}.json`);
}
