import { KerasSGD, polyDecay } from '@lip/runtime/training';

/** SS-NAN's optimiser constants (`LIPConfig`, `AttResnet101FCN.compile`, `MYSGD`). */
export const SSNAN_OPTIMIZER_DEFAULTS = Object.freeze({
  learningRate: 0.002,
  momentum: 0.9,
  clipNorm: 5,
  weightDecay: 1e-4,
  /** `MYSGD`: 10× on any weight whose name contains `class_conv/kernel`, 20× on `class_conv/bias`. */
  learningRateMultipliers: Object.freeze([Object.freeze(['class_conv/kernel', 10] as const), Object.freeze(['class_conv/bias', 20] as const)]),
  polyPower: 0.9,
});

export interface SsnanOptimizerOptions {
  /** The end epoch of this training call (Keras `epochs`): the poly schedule reaches 0 there. */
  readonly epochs: number;
  /** Base rate. Default 0.002. */
  readonly learningRate?: number;
  /** Default 0.9. */
  readonly momentum?: number;
  /** Global-norm clipping. Default 5 (`clipnorm=5.0`, global in Keras 2.0). */
  readonly clipNorm?: number;
  /** L2 rate over every trained weight (`1e-4 · Σ w²`). Default 1e-4. */
  readonly weightDecay?: number;
}

/**
 * `MYSGD(lr, momentum=0.9, clipnorm=5)` with the L2 term and the per-epoch poly schedule
 * `lr(epoch) = 0.002 · (1 − epoch / epochs)^0.9` (Keras `LearningRateScheduler`), as `@lip/runtime`'s KerasSGD.
 * `mask_class_conv` and `mask_denseclass_conv` get 10× (kernel) and 20× (bias) the rate.
 */
export function createSsnanOptimizer(options: SsnanOptimizerOptions): KerasSGD {
  const d = SSNAN_OPTIMIZER_DEFAULTS;
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new RangeError(`createSsnanOptimizer: epochs must be a positive integer (the end epoch of the run), got ${options.epochs}`);
  }
  return new KerasSGD({
    learningRate: polyDecay({ base: options.learningRate ?? d.learningRate, total: options.epochs, per: 'epoch', power: d.polyPower }),
    momentum: options.momentum ?? d.momentum,
    clipNorm: options.clipNorm ?? d.clipNorm,
    l2: options.weightDecay ?? d.weightDecay,
    learningRateMultipliers: d.learningRateMultipliers.map(([p, m]) => [p, m] as const),
  });
}
