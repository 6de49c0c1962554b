import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { WeightImportError, type WeightSource, type WeightTensor } from './weight-source.js';

export interface LoadWeightsOptions {
  /** Model weights without a source tensor keep their current values instead of failing. */
  allowMissing?: boolean;
  /** Source tensors without a model weight are ignored instead of failing. */
  allowUnexpected?: boolean;
  /** Weights whose shapes differ are left as they are instead of failing. */
  allowShapeMismatch?: boolean;
  /**
   * Removed from the start of each source layer name before matching (a string prefix, then a leading '/',
   * or every match of a RegExp), e.g. a TF variable scope.
   */
  stripPrefix?: string | RegExp;
  /** Source layer name (after stripPrefix) → model layer name. A function returning null drops the tensor. */
  rename?: Record<string, string> | ((layerName: string) => string | null);
}

export interface WeightLoadReport {
  /** `layer/role` of each model weight that was assigned. */
  loaded: string[];
  /** Model weights (`layer/role`) with no source tensor. */
  missing: string[];
  /** Source tensors (`layer/role` after renaming) with no model weight. */
  unexpected: string[];
  shapeMismatch: { name: string; expected: number[]; actual: number[] }[];
}

/** A model weight and the layer it was found in. */
interface ModelWeight {
  key: string;
  variable: tfl.LayerVariable;
}

/**
 * Assigns `source`'s tensors to `model`'s weights matched by (layer name, weight role), walking nested models
 * (a trunk model used as a layer) recursively. Everything is checked before anything is assigned: missing,
 * unexpected or shape-mismatched weights throw (listing them and naming the file) unless allowed.
 */
export function loadWeightsByName(model: tfl.LayersModel, source: WeightSource, options: LoadWeightsOptions = {}): WeightLoadReport {
  const modelWeights = collectModelWeights(model);
  const sourceByKey = indexSource(source, options);

  const report: WeightLoadReport = { loaded: [], missing: [], unexpected: [], shapeMismatch: [] };
  const assignments: { variables: tfl.LayerVariable[]; tensor: WeightTensor; values: tf.TypedArray }[] = [];
  for (const [key, variables] of modelWeights) {
    const tensor = sourceByKey.get(key);
    if (!tensor) {
      report.missing.push(key);
      continue;
    }
    const expected = variables[0]!.shape as number[];
    if (!sameShape(expected, tensor.shape)) {
      report.shapeMismatch.push({ name: key, expected: [...expected], actual: [...tensor.shape] });
      continue;
    }
    const values = valuesForVariable(tensor, variables[0]!.dtype, source.description);
    assignments.push({ variables, tensor, values });
    report.loaded.push(key);
  }
  for (const key of sourceByKey.keys()) if (!modelWeights.has(key)) report.unexpected.push(key);

  const problems = describeProblems(report, options, sourceByKey);
  if (problems.length > 0) {
    throw new WeightImportError(
      `Cannot load ${source.description} into model "${model.name}": ${problems.join('; ')}. ` +
        'Pass allowMissing / allowUnexpected / allowShapeMismatch to load anyway, or map names with stripPrefix / rename.',
    );
  }

  for (const { variables, tensor, values } of assignments) {
    for (const variable of variables) {
      const value = tf.tensor(values, tensor.shape, variable.dtype);
      try {
        (variable.read() as tf.Variable).assign(value);
      } finally {
        value.dispose();
      }
    }
  }
  return report;
}

/** Every weight of the model by `layer/role`, nested models walked; a layer shared by several models counts once. */
function collectModelWeights(model: tfl.LayersModel): Map<string, tfl.LayerVariable[]> {
  const byKey = new Map<string, tfl.LayerVariable[]>();
  const seenLayers = new Set<unknown>();
  const seenVariables = new Set<tfl.LayerVariable>();
  const walk = (layers: tfl.layers.Layer[]) => {
    for (const layer of layers) {
      if (seenLayers.has(layer)) continue;
      seenLayers.add(layer);
      // Duck-typed so that a model built with another copy of tfjs-layers (ESM vs CJS) is walked too.
      const inner = (layer as unknown as { layers?: unknown }).layers;
      if (Array.isArray(inner)) {
        walk(inner as tfl.layers.Layer[]);
        continue;
      }
      for (const variable of layer.weights) {
        if (seenVariables.has(variable)) continue;
        seenVariables.add(variable);
        const key = `${layer.name}/${weightRole(variable)}`;
        const list = byKey.get(key);
        if (list) list.push(variable);
        else byKey.set(key, [variable]);
      }
    }
  };
  walk(model.layers);
  return byKey;
}

/** `conv1/kernel` → `kernel`. originalName is the name before tfjs made it unique (`conv1/kernel_1`). */
function weightRole(variable: tfl.LayerVariable): string {
  const name = (variable as unknown as { originalName?: string }).originalName ?? variable.name;
  return name.slice(name.lastIndexOf('/') + 1);
}

function indexSource(source: WeightSource, options: LoadWeightsOptions): Map<string, WeightTensor> {
  const byKey = new Map<string, WeightTensor>();
  for (const tensor of source.tensors) {
    const layer = mapLayerName(tensor.layer, options);
    if (layer === null) continue;
    const key = `${layer}/${tensor.role}`;
    const previous = byKey.get(key);
    if (previous) {
      throw new WeightImportError(`${source.description}: tensors ${previous.name} and ${tensor.name} both map to ${key}; use rename to tell them apart`);
    }
    byKey.set(key, tensor);
  }
  return byKey;
}

function mapLayerName(layer: string, { stripPrefix, rename }: LoadWeightsOptions): string | null {
  let name = layer;
  if (typeof stripPrefix === 'string' && stripPrefix !== '' && name.startsWith(stripPrefix)) {
    name = name.slice(stripPrefix.length).replace(/^\//, '');
  } else if (stripPrefix instanceof RegExp) {
    name = name.replace(stripPrefix, '');
  }
  if (typeof rename === 'function') return rename(name);
  if (rename && Object.prototype.hasOwnProperty.call(rename, name)) return rename[name]!;
  return name;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

const LISTED = 20;

function describeProblems(report: WeightLoadReport, options: LoadWeightsOptions, sourceByKey: Map<string, WeightTensor>): string[] {
  const list = (items: string[]) => items.slice(0, LISTED).join(', ') + (items.length > LISTED ? `, … (${items.length - LISTED} more)` : '');
  const problems: string[] = [];
  if (report.missing.length > 0 && !options.allowMissing) {
    problems.push(`${report.missing.length} model weight(s) missing from the file: ${list(report.missing)}`);
  }
  if (report.unexpected.length > 0 && !options.allowUnexpected) {
    const named = report.unexpected.map((key) => {
      const original = sourceByKey.get(key)!.name;
      return original === key ? key : `${key} (${original})`;
    });
    problems.push(`${report.unexpected.length} tensor(s) in the file match no model weight: ${list(named)}`);
  }
  if (report.shapeMismatch.length > 0 && !options.allowShapeMismatch) {
    const named = report.shapeMismatch.map((m) => `${m.name} model [${m.expected.join(',')}] file [${m.actual.join(',')}]`);
    problems.push(`${report.shapeMismatch.length} shape mismatch(es): ${list(named)}`);
  }
  return problems;
}

/** The source values in the variable's dtype, checked before anything is assigned (tfjs has no int64). */
function valuesForVariable(tensor: WeightTensor, dtype: tf.DataType, description: string): tf.TypedArray {
  const { values } = tensor;
  const fail = (why: string) => new WeightImportError(`${description}: ${tensor.name} (${tensor.dtype}) cannot go into a ${dtype} weight: ${why}`);
  if (dtype === 'float32') {
    if (values instanceof Float32Array) return values;
    return values instanceof BigInt64Array ? Float32Array.from(values, Number) : Float32Array.from(values);
  }
  if (dtype === 'int32') {
    if (values instanceof Int32Array) return values;
    if (values instanceof BigInt64Array) {
      const outside = values.find((v) => v > 2147483647n || v < -2147483648n);
      if (outside !== undefined) throw fail(`it holds ${outside}, beyond the int32 range`);
      return Int32Array.from(values, Number);
    }
    throw fail('floating-point values');
  }
  throw fail('only float32 and int32 weights are loaded');
}
