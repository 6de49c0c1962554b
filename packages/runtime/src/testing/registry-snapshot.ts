import { serialization } from '@tensorflow/tfjs-core';

/**
 * What tfjs holds process-wide that a package could change on import: every kernel of every backend name
 * (tfjs' global kernel registry, keyed `<backend>_<kernel>`), every gradient, and the `call` of every layer
 * class registered for deserialisation (tfjs-layers' own included).
 */
export interface TfjsRegistrySnapshot {
  readonly kernels: ReadonlyMap<string, { config: object; kernelFunc: unknown }>;
  readonly gradients: ReadonlyMap<string, { config: object; gradFunc: unknown }>;
  readonly layerClasses: ReadonlyMap<string, { cls: unknown; call: unknown }>;
}

interface KernelLike { kernelFunc: unknown }
interface GradLike { gradFunc: unknown }

/** tfjs-core keeps both registries in `globalThis._tfGlobals` (shared by every copy of tfjs-core). */
function tfGlobal<T>(key: string): Map<string, T> {
  const globals = (globalThis as { _tfGlobals?: Map<string, unknown> })._tfGlobals;
  const map = globals?.get(key);
  if (!(map instanceof Map)) throw new Error(`tfjs-core's '${key}' is not where @lip/runtime/testing expects it (globalThis._tfGlobals)`);
  return map as Map<string, T>;
}

export function snapshotTfjsRegistries(): TfjsRegistrySnapshot {
  const kernels = new Map<string, { config: object; kernelFunc: unknown }>();
  for (const [key, config] of tfGlobal<KernelLike & object>('kernelRegistry')) kernels.set(key, { config, kernelFunc: config.kernelFunc });
  const gradients = new Map<string, { config: object; gradFunc: unknown }>();
  for (const [name, config] of tfGlobal<GradLike & object>('gradRegistry')) gradients.set(name, { config, gradFunc: config.gradFunc });
  const layerClasses = new Map<string, { cls: unknown; call: unknown }>();
  for (const [name, entry] of Object.entries(serialization.SerializationMap.getMap().classNameMap)) {
    const cls = entry[0] as { prototype?: { call?: unknown } };
    layerClasses.set(name, { cls, call: cls.prototype?.call });
  }
  return { kernels, gradients, layerClasses };
}

/**
 * The differences between two snapshots, one line each (`kernel added: wasm_Conv2DBackpropFilter`,
 * `gradient replaced: FusedBatchNorm`, `layer class patched: BatchNormalization.prototype.call`, …). Layer
 * classes registered in between are not changes (registering new classes for deserialisation is allowed).
 */
export function registryChanges(before: TfjsRegistrySnapshot, after: TfjsRegistrySnapshot): string[] {
  const changes: string[] = [];
  for (const [key, k] of after.kernels) {
    const old = before.kernels.get(key);
    if (old == null) changes.push(`kernel added: ${key}`);
    else if (old.config !== k.config || old.kernelFunc !== k.kernelFunc) changes.push(`kernel replaced: ${key}`);
  }
  for (const key of before.kernels.keys()) if (!after.kernels.has(key)) changes.push(`kernel removed: ${key}`);
  for (const [name, g] of after.gradients) {
    const old = before.gradients.get(name);
    if (old == null) changes.push(`gradient added: ${name}`);
    else if (old.config !== g.config || old.gradFunc !== g.gradFunc) changes.push(`gradient replaced: ${name}`);
  }
  for (const name of before.gradients.keys()) if (!after.gradients.has(name)) changes.push(`gradient removed: ${name}`);
  for (const [name, old] of before.layerClasses) {
    const now = after.layerClasses.get(name);
    if (now == null || now.cls !== old.cls) changes.push(`layer class replaced: ${name}`);
    else if (now.call !== old.call) changes.push(`layer class patched: ${name}.prototype.call`);
  }
  return changes.sort();
}

/** The registry changes `load` makes (e.g. `() => import('./index.js')`): what importing an entry registers. */
export async function registryChangesOf(load: () => Promise<unknown>): Promise<string[]> {
  const before = snapshotTfjsRegistries();
  await load();
  return registryChanges(before, snapshotTfjsRegistries());
}

/** Changes every import of `@lip/runtime/training` (directly or through a package's `/training`) makes, among others. */
export const TRAINING_REGISTRATIONS: readonly string[] = Object.freeze([
  'gradient replaced: FusedBatchNorm',
  'kernel added: cpu_LipBatchNormTraining',
  'layer class patched: BatchNormalization.prototype.call',
]);
