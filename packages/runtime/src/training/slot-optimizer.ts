import * as tf from '@tensorflow/tfjs-core';

/** tfjs-core's `{name, tensor}` pair (not exported from its root). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** What an optimizer needs to know about a model to name its variables stably. */
export interface NamedWeightsSource {
  readonly weights: ReadonlyArray<{ readonly name: string; readonly originalName: string }>;
}

/**
 * The bookkeeping of a momentum-style optimizer with one slot (accumulator) per variable, shared by
 * `KerasSGD` and model packages' optimizers (JPPNet's TF momentum): gradients by variable, the slots (made on
 * a variable's first update, zero-filled), stable slot names learnt from a model, global-norm clipping, and
 * the state round trip through `getWeights()` / `setWeights()` in tfjs' optimizer-weights layout (`iter`
 * first, then `<stable weight name>/momentum`). Subclasses implement `applyGradients` (the update rule).
 */
export abstract class SlotOptimizer extends tf.Optimizer {
  /** The epoch `train()` sets at each epoch start (for per-epoch schedules). */
  epoch = 0;

  protected readonly slots = new Map<string, tf.Variable>();
  private readonly stableNames = new Map<string, string>();

  /** @param label The optimizer's name in error messages. */
  protected constructor(protected readonly label: string) {
    super();
  }

  /** Learns the stable (tfjs-layers) names of a model's variables, for patterns and saved state. */
  nameVariables(model: NamedWeightsSource): void {
    for (const w of model.weights) this.stableNames.set(w.name, w.originalName);
  }

  /** The name patterns and saved state use for a tf.Variable name. */
  stableNameOf(variableName: string): string {
    return this.stableNames.get(variableName) ?? variableName;
  }

  /** The slot of a variable (by tf.Variable name), or undefined before its first update. */
  momentumOf(variableName: string): tf.Variable | undefined {
    return this.slots.get(variableName);
  }

  /** The gradients given, as `[variable name, gradient]`, skipping missing ones. */
  protected gradientEntries(variableGradients: tf.NamedTensorMap | NamedTensor[]): Array<[string, tf.Tensor]> {
    const entries: Array<[string, tf.Tensor]> = [];
    if (Array.isArray(variableGradients)) {
      for (const { name, tensor } of variableGradients) if (tensor != null) entries.push([name, tensor]);
    } else {
      for (const [name, tensor] of Object.entries(variableGradients)) if (tensor != null) entries.push([name, tensor]);
    }
    return entries;
  }

  /** The registered variables the gradients are for (all looked up before anything is updated). */
  protected variablesOf(entries: ReadonlyArray<readonly [string, tf.Tensor]>): tf.Variable[] {
    return entries.map(([name]) => {
      const v = tf.engine().registeredVariables[name];
      if (v == null) throw new Error(`${this.label}: no variable named '${name}' (got a gradient for it)`);
      return v;
    });
  }

  /** `c / max(‖g‖, c)`, ‖g‖ the global norm over all the gradients (multiply each by it to clip). Call inside a tidy. */
  protected globalNormScale(gradients: readonly tf.Tensor[], clipNorm: number): tf.Tensor {
    const norm = tf.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g)))));
    return tf.div(clipNorm, tf.maximum(norm, clipNorm));
  }

  /** The slot of a variable, made zero-filled on its first update. */
  protected slotOf(name: string, variable: tf.Variable): tf.Variable {
    let slot = this.slots.get(name);
    if (slot == null) {
      slot = tf.tidy(() => tf.variable(tf.zerosLike(variable), false));
      this.slots.set(name, slot);
    }
    return slot;
  }

  /**
   * `iter` (a new int32 scalar: dispose it) then `<stable name>/momentum` for each slot (the live
   * slot variables: do not dispose them).
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const iter = await this.saveIterations();
    return [iter, ...[...this.slots].map(([name, v]) => ({ name: `${this.stableNameOf(name)}/momentum`, tensor: v }))];
  }

  /**
   * Restores what {@link getWeights} gave (the tensors are copied; the caller keeps ownership).
   * Slot names resolve through the stable names learnt by {@link nameVariables}.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const [first, ...rest] = weightValues;
    if (first == null || first.name !== 'iter') throw new Error(`${this.label}.setWeights: the first entry must be 'iter', got '${first?.name ?? 'nothing'}'`);
    const byStable = new Map<string, string>();
    for (const [variableName, stable] of this.stableNames) byStable.set(stable, variableName);
    const restored = new Map<string, tf.Variable>();
    for (const { name, tensor } of rest) {
      if (!name.endsWith('/momentum')) throw new Error(`${this.label}.setWeights: unexpected entry '${name}' (expected '<variable>/momentum')`);
      const stable = name.slice(0, -'/momentum'.length);
      const variableName = byStable.get(stable) ?? stable;
      const variable = tf.engine().registeredVariables[variableName];
      if (variable == null) throw new Error(`${this.label}.setWeights: no variable for slot '${name}' (call nameVariables(model) first?)`);
      if (!tf.util.arraysEqual(variable.shape, tensor.shape)) {
        throw new Error(`${this.label}.setWeights: slot '${name}' has shape [${tensor.shape}] but the variable has [${variable.shape}]`);
      }
      restored.set(variableName, tf.tidy(() => tf.variable(tf.clone(tensor), false)));
    }
    tf.dispose([...this.slots.values()]);
    this.slots.clear();
    for (const [k, v] of restored) this.slots.set(k, v);
    this.iterations_ = (await first.tensor.data())[0]!;
  }

  override dispose(): void {
    tf.dispose([...this.slots.values()]);
    this.slots.clear();
    super.dispose();
  }
}
