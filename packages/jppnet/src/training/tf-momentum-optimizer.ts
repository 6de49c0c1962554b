import * as tf from '@tensorflow/tfjs-core';
import { polyDecay, SlotOptimizer, type LearningRateSchedule, type NamedTensor } from '@lip/runtime/training';

/** train_JPPNet-s2.py: `NUM_STEPS = 7616 * 35 + 1`, `LEARNING_RATE = 1e-4`, `MOMENTUM = 0.9`, power 0.9. */
export const JPPNET_OPTIMIZER_DEFAULTS = Object.freeze({ learningRate: 1e-4, momentum: 0.9, numSteps: 7616 * 35 + 1, power: 0.9 });

export interface JppnetOptimizerOptions {
  /** Base rate; default 1e-4. */
  learningRate?: number;
  /** Steps at which the poly schedule reaches 0; default 266,561. */
  numSteps?: number;
  /** Poly power; default 0.9. */
  power?: number;
  /** Default 0.9. */
  momentum?: number;
  /** Overrides the poly schedule. */
  schedule?: LearningRateSchedule;
  /**
   * Global-norm gradient clipping `g ← g · c / max(‖g‖, c)` before the update. Not in the reference (default
   * off); it lets narrow nets trained from scratch use a larger rate without diverging.
   */
  clipNorm?: number;
}

/**
 * `tf.train.MomentumOptimizer(lr, 0.9)` of train_JPPNet-s2.py, with its per-step poly rate
 * `lr = 1e-4 · (1 − step/NUM_STEPS)^0.9` fed each step:
 *
 * ```
 * accumulation ← momentum · accumulation + g
 * w            ← w − lr_step · accumulation
 * ```
 *
 * This is TensorFlow's formulation (the rate multiplies the whole accumulation at each step), not Keras'
 * (`v ← m·v − lr·g`), which differs while the rate changes. Works with `@lip/runtime`'s `train()`:
 * it reports the rate, names its slots after the model's stable weight names (`<weight>/momentum`),
 * and saves/restores them with the iteration count for exact resume (the slot bookkeeping of
 * `@lip/runtime/training`'s `SlotOptimizer`, shared with `KerasSGD`).
 */
export class TfMomentumOptimizer extends SlotOptimizer {
  static get className(): string {
    return 'LipTfMomentum';
  }

  readonly momentum: number;
  readonly clipNorm: number | undefined;
  private readonly schedule: LearningRateSchedule;

  constructor(options: JppnetOptimizerOptions = {}) {
    super('TfMomentumOptimizer');
    const d = JPPNET_OPTIMIZER_DEFAULTS;
    this.momentum = options.momentum ?? d.momentum;
    if (!(Number.isFinite(this.momentum) && this.momentum >= 0)) throw new RangeError(`TfMomentumOptimizer: momentum must be a finite number ≥ 0, got ${this.momentum}`);
    this.clipNorm = options.clipNorm;
    if (this.clipNorm != null && !(this.clipNorm > 0)) throw new RangeError(`TfMomentumOptimizer: clipNorm must be > 0, got ${this.clipNorm}`);
    this.schedule = options.schedule ?? polyDecay({ base: options.learningRate ?? d.learningRate, total: options.numSteps ?? d.numSteps, per: 'step', power: options.power ?? d.power });
  }

  /** The rate of the next update. */
  currentLearningRate(): number {
    const lr = this.schedule({ step: this.iterations, epoch: this.epoch });
    if (!Number.isFinite(lr)) throw new RangeError(`TfMomentumOptimizer: the schedule gave ${lr} at step ${this.iterations}`);
    return lr;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries = this.gradientEntries(variableGradients);
    const lr = Math.fround(this.currentLearningRate());
    const variables = this.variablesOf(entries);
    tf.tidy(() => {
      const m = tf.scalar(this.momentum);
      const rate = tf.scalar(lr);
      const scale = this.clipNorm != null && entries.length > 0 ? this.globalNormScale(entries.map(([, g]) => g), this.clipNorm) : null;
      entries.forEach(([name, raw], i) => {
        const gradient = scale == null ? raw : tf.mul(raw, scale);
        const variable = variables[i]!;
        const slot = this.slotOf(name, variable);
        const accumulation = tf.add(tf.mul(slot, m), gradient);
        slot.assign(accumulation);
        variable.assign(tf.sub(variable, tf.mul(accumulation, rate)));
      });
    });
    this.incrementIterations();
  }

  /** The accumulation of a variable (by tf.Variable name), or undefined before its first update. */
  accumulationOf(variableName: string): tf.Variable | undefined {
    return this.momentumOf(variableName);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { momentum: this.momentum, clipNorm: this.clipNorm ?? null };
  }
}

/** The optimiser of LIP_JPPNet `train_JPPNet-s2.py` (or a shorter schedule for small runs: pass `numSteps`). */
export function createJppnetOptimizer(options: JppnetOptimizerOptions = {}): TfMomentumOptimizer {
  return new TfMomentumOptimizer(options);
}
