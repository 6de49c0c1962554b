/** Where training is when a learning rate is asked for. */
export interface TrainingProgress {
  /** Updates applied before this one (the optimizer's `iterations`): 0 on the first step. */
  readonly step: number;
  /** The epoch being run, 0-based (Keras' `epoch` argument of a `LearningRateScheduler`). */
  readonly epoch: number;
}

/** A learning rate as a function of training progress. */
export type LearningRateSchedule = (progress: TrainingProgress) => number;

export interface PolyDecayOptions {
  /** The rate at t = 0. */
  readonly base: number;
  /** Steps or epochs (per `per`) at which the rate reaches 0: `NUM_STEPS` of JPPNet, `epochs` of SS-NAN. */
  readonly total: number;
  /** Whether t counts optimizer steps or epochs. */
  readonly per: 'step' | 'epoch';
  /** Default 0.9. */
  readonly power?: number;
}

/**
 * The "poly" schedule `lr = base · (1 − t/total)^power`. Per epoch it is SS-NAN's Keras
 * `LearningRateScheduler` (`0.002·(1 − epoch/epochs)^0.9`, constant within an epoch); per step it is
 * JPPNet's `1e-4·(1 − step/NUM_STEPS)^0.9`. Past `total` the rate is 0.
 */
export function polyDecay(options: PolyDecayOptions): LearningRateSchedule {
  const { base, total, per } = options;
  const power = options.power ?? 0.9;
  if (!(Number.isFinite(base) && base >= 0)) throw new RangeError(`polyDecay: base must be a finite number ≥ 0, got ${base}`);
  if (!(total > 0)) throw new RangeError(`polyDecay: total must be > 0, got ${total}`);
  if (per !== 'step' && per !== 'epoch') throw new RangeError(`polyDecay: per must be 'step' or 'epoch', got ${String(per)}`);
  return (progress) => {
    const t = per === 'step' ? progress.step : progress.epoch;
    const remaining = 1 - t / total;
    return remaining <= 0 ? 0 : base * remaining ** power;
  };
}
