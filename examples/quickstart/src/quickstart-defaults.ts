import { fileURLToPath } from 'node:url';
import { SSNAN_PRETRAIN_CONFIG } from './pretrain/pretrain-config.js';
import type { QuickstartConfig } from './quickstart-config.js';

/** The synthetic-pretrained SS-NAN the repository ships (`npm run pretrain` makes it), from src/ or dist/. */
export const SHIPPED_SSNAN_MODEL = fileURLToPath(new URL('../../../models/ssnan-synthetic', import.meta.url));

/**
 * The configuration `npm start` runs, chosen by measurement (see the README): SS-NAN's three steps from the
 * shipped starting point, on the synthetic mini-LIP at its 192 px (resolution ceiling 0.69 mIoU), sized to
 * finish within 5 minutes on 2 CPU cores with the wasm backend, the slowest backend a fresh clone gets: a step of
 * the ×0.25 model takes about 1.1 s (pretrain), 2.2 s (finetune, three scales) and 4.5 s (the SS step) there, and
 * each evaluation 8 s; npm start took 170 s.
 */
export const QUICKSTART_CONFIG: QuickstartConfig = Object.freeze<QuickstartConfig>({
  data: { ...SSNAN_PRETRAIN_CONFIG.data, train: 800 },
  architecture: SSNAN_PRETRAIN_CONFIG.architecture,
  startFrom: SHIPPED_SSNAN_MODEL,
  trainSize: SSNAN_PRETRAIN_CONFIG.size,
  batchSize: 8,
  steps: [
    { trainMode: 'pretrain', layers: 'all', epochs: 1, stepsPerEpoch: 30, learningRate: 0.0005 },
    { trainMode: 'finetune', layers: 'head', epochs: 1, stepsPerEpoch: 20, learningRate: 0.0005 },
    { trainMode: 'finetune_ssloss_withdeep', layers: 'psp5+', epochs: 1, stepsPerEpoch: 12, learningRate: 0.0005 },
  ],
  evalMaxDim: SSNAN_PRETRAIN_CONFIG.size,
  evalNum: 0,
  reportImages: 8,
  seed: 1,
});

/** `npm start -- --from-scratch`: the whole pipeline from a fresh initialisation at 64 px (the earlier main job). */
export const FROM_SCRATCH_CONFIG: QuickstartConfig = Object.freeze<QuickstartConfig>({
  data: { size: 64, train: 800, val: 50, seed: 1 },
  architecture: { widthMultiplier: 0.125, blocksPerStage: [1, 1, 1, 1] },
  startFrom: null,
  trainSize: 64,
  batchSize: 8,
  steps: [
    { trainMode: 'pretrain', layers: 'all', epochs: 10, stepsPerEpoch: null, learningRate: 0.01 },
    { trainMode: 'finetune', layers: 'head', epochs: 1, stepsPerEpoch: 100, learningRate: 0.01 },
    { trainMode: 'finetune_ssloss_withdeep', layers: 'psp5+', epochs: 1, stepsPerEpoch: 40, learningRate: 0.01 },
  ],
  evalMaxDim: 64,
  evalNum: 0,
  reportImages: 8,
  seed: 1,
});

/** A few steps on tiny data: the same pipeline in seconds, for tests (`--smoke`). */
export const SMOKE_CONFIG: QuickstartConfig = Object.freeze<QuickstartConfig>({
  data: { size: 48, train: 8, val: 3, seed: 1 },
  architecture: { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] },
  startFrom: null,
  trainSize: 48,
  batchSize: 2,
  steps: [
    { trainMode: 'pretrain', layers: 'all', epochs: 1, stepsPerEpoch: 2, learningRate: 0.01 },
    { trainMode: 'finetune', layers: 'head', epochs: 1, stepsPerEpoch: 2, learningRate: 0.01 },
    { trainMode: 'finetune_ssloss_withdeep', layers: 'psp5+', epochs: 1, stepsPerEpoch: 2, learningRate: 0.01 },
  ],
  evalMaxDim: 48,
  evalNum: 0,
  reportImages: 2,
  seed: 1,
});

/**
 * wasm threads for `npm start`, unless `LIP_WASM_THREADS` says otherwise. The 64-px model's kernels are too
 * small to gain from XNNPACK's thread pool: one training step takes 321 ms on 1 thread and 357 ms on 2
 * (2 cores, measured 2026-11-21).
 */
export const QUICKSTART_WASM_THREADS = 1;
