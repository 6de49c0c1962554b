import * as tf from '@tensorflow/tfjs-core';
import { polyDecay, type LearningRateSchedule, type NamedTensor, type NamedWeightsSource } from '@lip/runtime';

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
 * and saves/restores them with the iteration count for exact resume.
 */
export class TfMomentumOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'LipTfMomentum';
  }

  /** Set by `train()` at each epoch start (not used by the per-step schedule). */
  epoch = 0;
  readonly momentum: number;
  readonly clipNorm: number | undefined;
  private readonly schedule: LearningRateSchedule;
  private readonly slots = new Map<string, tf.Variable>();
  private readonly stableNames = new Map<string, string>();

  constructor(options: JppnetOptimizerOptions = {}) {
    super();
    const d = JPPNET_OPTIMIZER_DEFAULTS;
    this.momentum = options.momentum ?? d.momentum;
    if (!(Number.isFinite(this.momentum) && this.momentum >= 0)) throw new RangeError(`TfMomentumOptimizer: momentum must be a finite number ≥ 0, got ${this.momentum}`);
    this.clipNorm = options.clipNorm;
    if (this.clipNorm != null && !(this.clipNorm > 0)) throw new RangeError(`TfMomentumOptimizer: clipNorm must be > 0, got ${this.clipNorm}`);
    this.schedule = options.schedule ?? polyDecay({ base: options.learningRate ?? d.learningRate, total: options.numSteps ?? d.numSteps, per: 'step', power: options.power ?? d.power });
  }

  /** Learns the stable (tfjs-layers) weight names of a model, for slot names in checkpoints. */
  nameVariables(model: NamedWeightsSource): void {
    for (const w of model.weights) this.stableNames.set(w.name, w.originalName);
  }

  /** The rate of the next update. */
  currentLearningRate(): number {
    const lr = this.schedule({ step: this.iterations, epoch: this.epoch });
    if (!Number.isFinite(lr)) throw new RangeError(`TfMomentumOptimizer: the schedule gave ${lr} at step ${this.iterations}`);
    return lr;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: Array<[string, tf.Tensor]> = Array.isArray(variableGradients)
      ? variableGradients.filter((g) => g.tensor != null).map((g) => [g.name, g.tensor] as [string, tf.Tensor])
      : Object.entries(variableGradients).filter(([, g]) => g != null);
    const lr = Math.fround(this.currentLearningRate());
    tf.tidy(() => {
      const m = tf.scalar(this.momentum);
      const rate = tf.scalar(lr);
      let scale: tf.Scalar | null = null;
      if (this.clipNorm != null && entries.length > 0) {
        const norm = tf.sqrt(tf.addN(entries.map(([, g]) => tf.sum(tf.square(g)))));
        scale = tf.div(this.clipNorm, tf.maximum(norm, this.clipNorm)) as tf.Scalar;
      }
      for (const [name, raw] of entries) {
        const gradient = scale == null ? raw : tf.mul(raw, scale);
        const variable = tf.engine().registeredVariables[name];
        if (variable == null) throw new Error(`TfMomentumOptimizer: no variable named '${name}' (got a gradient for it)`);
        let slot = this.slots.get(name);
        if (slot == null) {
          slot = tf.tidy(() => tf.variable(tf.zerosLike(variable), false));
          this.slots.set(name, slot);
        }
        const accumulation = tf.add(tf.mul(slot, m), gradient);
        slot.assign(accumulation);
        variable.assign(tf.sub(variable, tf.mul(accumulation, rate)));
      }
    });
    this.incrementIterations();
  }

  /** The accumulation of a variable (by tf.Variable name), or undefined before its first update. */
  accumulationOf(variableName: string): tf.Variable | undefined {
    return this.slots.get(variableName);
  }

  /** `iter` (a new scalar) then `<stable weight name>/momentum` per slot (the live slot variables). */
  override async getWeights(): Promise<NamedTensor[]> {
    const iter = await this.saveIterations();
    return [iter, ...[...this.slots].map(([name, v]) => ({ name: `${this.stableNames.get(name) ?? name}/momentum`, tensor: v }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const [first, ...rest] = weightValues;
    if (first == null || first.name !== 'iter') throw new Error(`TfMomentumOptimizer.setWeights: the first entry must be 'iter', got '${first?.name ?? 'nothing'}'`);
    const byStable = new Map<string, string>();
    for (const [variableName, stable] of this.stableNames) byStable.set(stable, variableName);
    const restored = new Map<string, tf.Variable>();
    for (const { name, tensor } of rest) {
      if (!name.endsWith('/momentum')) throw new Error(`TfMomentumOptimizer.setWeights: unexpected entry '${name}' (expected '<weight>/momentum')`);
      const stable = name.slice(0, -'/momentum'.length);
      const variableName = byStable.get(stable) ?? stable;
      const variable = tf.engine().registeredVariables[variableName];
      if (variable == null) throw new Error(`TfMomentumOptimizer.setWeights: no variable for slot '${name}' (call nameVariables(model) first)`);
      if (!tf.util.arraysEqual(variable.shape, tensor.shape)) throw new Error(`TfMomentumOptimizer.setWeights: slot '${name}' has shape [${tensor.shape}], the variable [${variable.shape}]`);
      restored.set(variableName, tf.tidy(() => tf.variable(tf.clone(tensor), false)));
    }
    tf.dispose([...this.slots.values()]);
    this.slots.clear();
    for (const [k, v] of restored) this.slots.set(k, v);
    this.iterations_ = (await first.tensor.data())[0]!;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { momentum: this.momentum, clipNorm: this.clipNorm ?? null };
  }

  override dispose(): void {
    tf.dispose([...this.slots.values()]);
    this.slots.clear();
    super.dispose();
  }
}

/** The optimiser of §3.8 (or a shorter schedule for small runs: pass `numSteps`). */
export function createJppnetOptimizer(options: JppnetOptimizerOptions = {}): TfMomentumOptimizer {
  return new TfMomentumOptimizer(options);
}
