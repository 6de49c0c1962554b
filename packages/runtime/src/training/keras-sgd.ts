import * as tf from '@tensorflow/tfjs-core';
import type { LearningRateSchedule } from './learning-rate-schedule.js';
import { SlotOptimizer, type NamedTensor } from './slot-optimizer.js';

export type { NamedTensor, NamedWeightsSource } from './slot-optimizer.js';

/** Matches a variable name: a RegExp is tested with `.test`, a string is a substring (Python's `in`). */
export type VariablePattern = RegExp | string;

export interface KerasSGDOptions {
  /** A fixed rate or a schedule of (step, epoch); see `polyDecay`. */
  readonly learningRate: number | LearningRateSchedule;
  /** Default 0 (plain SGD). */
  readonly momentum?: number;
  /** Nesterov momentum. Default false. */
  readonly nesterov?: boolean;
  /**
   * The momentum formulation. `'keras'` (default): `v ← m·v − lr·g; w ← w + v` (Keras SGD, SS-NAN's
   * MYSGD). `'tf1'`: `a ← m·a + g; w ← w − lr·a` (`tf.compat.v1.train.MomentumOptimizer`, JPPNet; also
   * `tf.train.momentum`). They differ only once the rate changes.
   */
  readonly update?: 'keras' | 'tf1';
  /**
   * Per-variable learning-rate multipliers, `[pattern, multiplier]`, first match wins, others get 1.
   * SS-NAN: `[['class_conv/kernel', 10], ['class_conv/bias', 20]]`.
   */
  readonly learningRateMultipliers?: ReadonlyArray<readonly [VariablePattern, number]>;
  /** Global-norm clipping (Keras 2 `clipnorm`, Keras 3 `global_clipnorm`): `g ← g · c / max(‖g‖, c)`. */
  readonly clipNorm?: number;
  /**
   * L2 regularisation `rate · Σ w²` as a Keras regulariser adds it to the loss: `2 · rate · w` is added
   * to each matching variable's gradient before clipping. By default every variable that is
   * updated (SS-NAN's `1e-4 · Σ w²` over all trainable weights); `variables` restricts it
   * (e.g. `/kernel/` for a Keras `kernel_regularizer` only).
   */
  readonly l2?: number | { readonly rate: number; readonly variables?: VariablePattern };
}

function matches(pattern: VariablePattern, name: string): boolean {
  if (typeof pattern === 'string') return name.includes(pattern);
  pattern.lastIndex = 0;
  return pattern.test(name);
}

function checkFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`KerasSGD: ${what} must be a finite number, got ${value}`);
}

/**
 * SGD with momentum in Keras semantics, with SS-NAN's extras:
 *
 * ```
 * g  ← ∇loss + 2·l2·w                      (variables matching l2.variables)
 * g  ← g · clipNorm / max(‖g‖₂ over all variables, clipNorm)
 * lr ← learningRate(step, epoch) · multiplier(variable)
 * v  ← momentum·v − lr·g
 * w  ← w + v                                (Nesterov: w ← w + momentum·v − lr·g)
 * ```
 *
 * This differs from `tf.train.momentum` (`a ← m·a + g; w ← w − lr·a`) as soon as the rate changes;
 * `update: 'tf1'` selects that form instead (JPPNet's `tf.train.MomentumOptimizer`), with every other
 * feature unchanged.
 * Patterns are tested against the variable's stable name: the tfjs-layers weight name
 * (`mask_class_conv/kernel`) once {@link nameVariables} (which `train()` calls) has seen the model,
 * otherwise the tf.Variable name (tfjs-layers may append `_1` to it when a layer name is reused).
 *
 * The state (momentum slots by stable name, `iterations`) round-trips through `getWeights()` /
 * `setWeights()`, in tfjs' optimizer-weights layout (`iter` first, then `<name>/momentum`); see
 * {@link SlotOptimizer}, which keeps the slots.
 */
export class KerasSGD extends SlotOptimizer {
  static get className(): string {
    return 'KerasSGD';
  }

  private readonly learningRate: number | LearningRateSchedule;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly update: 'keras' | 'tf1';
  private readonly multipliers: ReadonlyArray<readonly [VariablePattern, number]>;
  private readonly clipNorm: number | undefined;
  private readonly l2Rate: number;
  private readonly l2Variables: VariablePattern | undefined;

  constructor(options: KerasSGDOptions) {
    super('KerasSGD');
    const { learningRate } = options;
    if (typeof learningRate === 'number') checkFinite(learningRate, 'learningRate');
    else if (typeof learningRate !== 'function') throw new TypeError('KerasSGD: learningRate must be a number or a schedule function');
    this.learningRate = learningRate;
    this.momentum = options.momentum ?? 0;
    checkFinite(this.momentum, 'momentum');
    if (this.momentum < 0) throw new RangeError(`KerasSGD: momentum must be ≥ 0, got ${this.momentum}`);
    this.nesterov = options.nesterov ?? false;
    this.update = options.update ?? 'keras';
    if (this.update !== 'keras' && this.update !== 'tf1') throw new RangeError(`KerasSGD: update must be 'keras' or 'tf1', got ${String(this.update)}`);
    this.multipliers = (options.learningRateMultipliers ?? []).map(([p, m]) => {
      checkFinite(m, `the multiplier of ${String(p)}`);
      return [p, m] as const;
    });
    if (options.clipNorm != null && !(options.clipNorm > 0)) throw new RangeError(`KerasSGD: clipNorm must be > 0, got ${options.clipNorm}`);
    this.clipNorm = options.clipNorm;
    const l2 = typeof options.l2 === 'number' ? { rate: options.l2 } : options.l2;
    this.l2Rate = l2?.rate ?? 0;
    checkFinite(this.l2Rate, 'l2 rate');
    this.l2Variables = l2?.variables;
  }

  /** The learning-rate multiplier a variable gets (1 when no pattern matches). */
  multiplierOf(variableName: string): number {
    const name = this.stableNameOf(variableName);
    for (const [pattern, m] of this.multipliers) if (matches(pattern, name)) return m;
    return 1;
  }

  /** Whether the L2 term applies to a variable. */
  decays(variableName: string): boolean {
    return this.l2Rate !== 0 && (this.l2Variables == null || matches(this.l2Variables, this.stableNameOf(variableName)));
  }

  /** The base rate of the next update (before multipliers). */
  currentLearningRate(): number {
    const lr = typeof this.learningRate === 'number' ? this.learningRate : this.learningRate({ step: this.iterations, epoch: this.epoch });
    if (!Number.isFinite(lr)) throw new RangeError(`KerasSGD: the learning-rate schedule gave ${lr} at step ${this.iterations}, epoch ${this.epoch}`);
    return lr;
  }

  /** `rate · Σ w²` over the given variables that the L2 term covers (what Keras adds to the reported loss). */
  l2Loss(variables: readonly tf.Variable[]): tf.Scalar {
    return tf.tidy(() => {
      const terms = variables.filter((v) => this.decays(v.name)).map((v) => tf.sum(tf.square(v)));
      return terms.length === 0 ? tf.scalar(0) : tf.mul(tf.addN(terms), this.l2Rate);
    });
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries = this.gradientEntries(variableGradients);
    const baseRate = Math.fround(this.currentLearningRate());
    const variables = this.variablesOf(entries);
    tf.tidy(() => {
      let grads = entries.map(([name, g], i) => (this.decays(name) ? tf.add(g, tf.mul(variables[i]!, 2 * this.l2Rate)) : g));
      if (this.clipNorm != null && grads.length > 0) {
        const scale = this.globalNormScale(grads, this.clipNorm);
        grads = grads.map((g) => tf.mul(g, scale));
      }
      entries.forEach(([name], i) => {
        const variable = variables[i]!;
        const g = grads[i]!;
        // Keras multiplies the float32 rate by the multiplier in float32.
        const lr = tf.scalar(Math.fround(baseRate * this.multiplierOf(name)));
        if (this.momentum === 0) {
          variable.assign(tf.sub(variable, tf.mul(g, lr)));
          return;
        }
        const slot = this.slotOf(name, variable);
        const m = tf.scalar(this.momentum);
        if (this.update === 'tf1') {
          // TF's ApplyMomentum kernel: accum = accum·m + g; var −= accum·lr (Nesterov: var −= g·lr + accum·m·lr).
          const a = tf.add(tf.mul(slot, m), g);
          slot.assign(a);
          const step = this.nesterov ? tf.add(tf.mul(g, lr), tf.mul(tf.mul(a, m), lr)) : tf.mul(a, lr);
          variable.assign(tf.sub(variable, step));
          return;
        }
        const v = tf.sub(tf.mul(slot, m), tf.mul(g, lr));
        slot.assign(v);
        const step = this.nesterov ? tf.sub(tf.mul(v, m), tf.mul(g, lr)) : v;
        variable.assign(tf.add(variable, step));
      });
    });
    this.incrementIterations();
  }

  override getConfig(): tf.serialization.ConfigDict {
    if (typeof this.learningRate !== 'number') {
      throw new Error('KerasSGD.getConfig: a learning-rate schedule function cannot be serialised');
    }
    return {
      learningRate: this.learningRate,
      momentum: this.momentum,
      nesterov: this.nesterov,
      update: this.update,
      clipNorm: this.clipNorm ?? null,
      l2: this.l2Rate,
      learningRateMultipliers: this.multipliers.map(([p, m]) => [typeof p === 'string' ? p : p.source, m]),
    };
  }
}
