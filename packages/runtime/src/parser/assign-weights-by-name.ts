import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { WeightImportError } from '../weights/weight-source.js';

const LISTED = 10;

function list(items: readonly string[]): string {
  return items.slice(0, LISTED).join(', ') + (items.length > LISTED ? `, … (${items.length - LISTED} more)` : '');
}

/**
 * Writes a tfjs model's saved weights (`artifacts.weightSpecs` + `weightData`, as `model.save` and
 * `loadModelArtifacts` give them) into `model`, matched by the weights' original names (`conv1/kernel`).
 * Everything is checked first, from the manifest alone: every model weight present with its shape and dtype,
 * and no tensor the model lacks. A mismatch throws a `WeightImportError` naming `source`, the tensors and both
 * shapes, and nothing is written. Then the weights are decoded, written, and the decoded tensors disposed
 * (`tf.memory().numTensors` is unchanged). Returns the names written.
 */
export function assignWeightsByName(model: tfl.LayersModel, artifacts: Pick<tf.io.ModelArtifacts, 'weightSpecs' | 'weightData'>, source: string): string[] {
  if (model == null || !Array.isArray(model.weights)) throw new TypeError('assignWeightsByName: expected a tf.LayersModel');
  const { weightSpecs, weightData } = artifacts ?? {};
  if (weightSpecs == null || weightData == null) throw new WeightImportError(`${source}: no weights (weightSpecs and weightData are needed)`);

  const specs = new Map<string, tf.io.WeightsManifestEntry>();
  const duplicates: string[] = [];
  for (const spec of weightSpecs) {
    if (specs.has(spec.name)) duplicates.push(spec.name);
    specs.set(spec.name, spec);
  }
  if (duplicates.length > 0) throw new WeightImportError(`${source}: the weights manifest lists ${list(duplicates)} more than once`);

  const variables = new Map<string, tfl.LayerVariable[]>();
  for (const variable of new Set(model.weights)) {
    const named = variables.get(variable.originalName);
    if (named) named.push(variable);
    else variables.set(variable.originalName, [variable]);
  }
  const missing: string[] = [];
  const mismatched: string[] = [];
  for (const [name, [variable]] of variables) {
    const spec = specs.get(name);
    if (spec == null) missing.push(name);
    else if (!tf.util.arraysEqual(spec.shape, variable!.shape as number[])) mismatched.push(`${name} model [${variable!.shape.join(',')}] file [${spec.shape.join(',')}]`);
    else if (spec.dtype !== variable!.dtype) mismatched.push(`${name} model ${variable!.dtype} file ${spec.dtype}`);
  }
  const unexpected = [...specs.keys()].filter((name) => !variables.has(name));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`${missing.length} model weight(s) missing: ${list(missing)}`);
  if (mismatched.length > 0) problems.push(`${mismatched.length} shape or dtype mismatch(es): ${list(mismatched)}`);
  if (unexpected.length > 0) problems.push(`${unexpected.length} unexpected tensor(s) the model does not have: ${list(unexpected)}`);
  if (problems.length > 0) throw new WeightImportError(`${source} does not fit model "${model.name}": ${problems.join('; ')}`);

  let tensors: tf.NamedTensorMap;
  try {
    tensors = tf.io.decodeWeights(weightData, weightSpecs);
  } catch (error) {
    throw new WeightImportError(`${source}: cannot decode the weights: ${(error as Error).message}`, { cause: error });
  }
  try {
    for (const [name, list] of variables) for (const variable of list) variable.write(tensors[name]!);
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return [...variables.keys()];
}
