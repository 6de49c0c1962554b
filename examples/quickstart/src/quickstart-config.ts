import type { SsnanLayerSet, SsnanTrainMode } from '@lip/nan-head/training';
import type { SsnanArchitecture } from '@lip/example-train-ssnan';

/** One step of the three-step SS-NAN pipeline, as the quickstart runs it. */
export interface QuickstartStep {
  readonly trainMode: SsnanTrainMode;
  readonly layers: SsnanLayerSet;
  readonly epochs: number;
  /** Steps per epoch (null = the whole train split / batch size, as the reference). */
  readonly stepsPerEpoch: number | null;
  readonly learningRate: number;
}

/** Everything the quickstart does, sized to finish within 5 minutes on 2 CPU cores with the wasm backend. */
export interface QuickstartConfig {
  /** Synthetic mini-LIP: image side and split sizes (generated once, then cached). */
  readonly data: { readonly size: number; readonly train: number; readonly val: number; readonly seed: number };
  readonly architecture: Partial<SsnanArchitecture>;
  /**
   * What the first step starts from: a model folder (the synthetic-pretrained starting point the repository ships,
   * `models/ssnan-synthetic`), or null for a fresh initialisation.
   */
  readonly startFrom: string | null;
  /** Square training side (the reference: 320). */
  readonly trainSize: number;
  readonly batchSize: number;
  readonly steps: readonly QuickstartStep[];
  /** Evaluation `resize_image` max_dim (the reference: 640 for 320 training; here the synthetic image side). */
  readonly evalMaxDim: number;
  /** Val images evaluated (0 = all). */
  readonly evalNum: number;
  /** Overlays shown in the report. */
  readonly reportImages: number;
  readonly seed: number;
}
