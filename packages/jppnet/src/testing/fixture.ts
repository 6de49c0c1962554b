// Test-only: the fixtures written by fixtures/make_fixtures.py.
import { fixtureFolder, type EncodedArray } from '@lip/runtime/testing';
import type { JppnetConfig } from '../model/jppnet-config.js';

export const jppnetFixtures = fixtureFolder(new URL('../../fixtures/', import.meta.url));

type Variants = Record<'fused' | '100' | '075' | '050', EncodedArray>;

export interface JppnetFixture {
  config: JppnetConfig;
  checkpoint: string;
  /** TF variable name → shape (model variables only: no slots, no global_step). */
  variables: Record<string, number[]>;
  stages: { input: EncodedArray; parsing: EncodedArray[]; pose: EncodedArray[] };
  training: {
    inputSize: number;
    images: EncodedArray;
    labels: EncodedArray;
    heatmaps: EncodedArray;
    parsing: Variants[];
    pose: Variants[];
    parsingLoss: number;
    poseLoss: number;
  };
  inference: { inputSize: number; scales: number[]; input: EncodedArray; parsing: EncodedArray; pose: EncodedArray };
}

let cached: JppnetFixture | null = null;
export function readJppnetFixture(): JppnetFixture {
  cached ??= jppnetFixtures.json<JppnetFixture>('jppnet-tiny.json');
  return cached;
}
