/** TF2 object-based checkpoints suffix every variable with this; it is not part of the name that matters. */
const OBJECT_VALUE_SUFFIX = '/.ATTRIBUTES/VARIABLE_VALUE';

/** The serialized object graph of a TF2 checkpoint: metadata, not a variable. */
export const OBJECT_GRAPH_KEY = '_CHECKPOINTABLE_OBJECT_GRAPH';

/** Slot names TF1 optimizers append to a variable's name (`<var>/Momentum`, `<var>/Adam_1`, …). */
const OPTIMIZER_SLOT = /^(Momentum|Adam|Adamax|Nadam|RMSProp|Adagrad|AdagradDA|Adadelta|Ftrl|ProximalAdagrad|LazyAdam)(_\d+)?$/;
/** Optimizer state that is not a slot: Adam's power accumulators. */
const OPTIMIZER_VARIABLE = /^(beta1_power|beta2_power)(_\d+)?$/;

/** Slim/kaffe and TF-ops variable names for what Keras calls the kernel and the bias. */
const ROLE_BY_TF_NAME: Record<string, string> = {
  weights: 'kernel',
  biases: 'bias',
  w: 'kernel',
  b: 'bias',
  depthwise_weights: 'depthwise_kernel',
  pointwise_weights: 'pointwise_kernel',
};

export function isOptimizerState(name: string): boolean {
  const path = stripObjectSuffix(name);
  if (path.includes('/.OPTIMIZER_SLOT/') || path.startsWith('optimizer/')) return true;
  const parts = path.split('/');
  const last = parts[parts.length - 1]!;
  return parts.length > 1 ? OPTIMIZER_SLOT.test(last) : OPTIMIZER_VARIABLE.test(last);
}

/**
 * `res2a_branch2a/weights` → layer `res2a_branch2a`, role `kernel`; `bn2a_branch2a/moving_mean` → layer
 * `bn2a_branch2a`, role `moving_mean`; a top-level variable such as `global_step` has layer ''.
 */
export function tfVariableLayerAndRole(name: string): { layer: string; role: string } {
  const path = stripObjectSuffix(name);
  const slash = path.lastIndexOf('/');
  const last = path.slice(slash + 1);
  return { layer: slash < 0 ? '' : path.slice(0, slash), role: ROLE_BY_TF_NAME[last] ?? last };
}

function stripObjectSuffix(name: string): string {
  return name.endsWith(OBJECT_VALUE_SUFFIX) ? name.slice(0, -OBJECT_VALUE_SUFFIX.length) : name;
}
