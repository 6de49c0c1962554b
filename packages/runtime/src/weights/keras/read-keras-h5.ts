import { float16BytesToFloat32 } from '../float16.js';
import { WeightImportError, type WeightDtype, type WeightSource, type WeightTensor } from '../weight-source.js';
import { hdf5ErrorReason, type H5Dataset, type H5File, type H5Group, type H5wasmApi, type H5wasmModule } from './h5wasm-api.js';
import { kerasWeightOwners } from './keras-weight-name.js';

/**
 * Reads every weight of a Keras HDF5 file already visible to `h5` at `path` (h5wasm's virtual FS or, with
 * `h5wasm/node`, the real one). Layouts: Keras 2 `save_weights` (groups at the root) and `model.save`
 * (under `model_weights/`), and Keras 3's legacy `.h5`; names with or without `:0`, null-padded or not.
 */
export function readKerasH5(h5: H5wasmApi, module: H5wasmModule, path: string, description: string): WeightSource {
  module.activate_throwing_error_handler();
  let file: H5File | undefined;
  try {
    try {
      file = new h5.File(path, 'r');
    } catch (error) {
      throw new WeightImportError(`${description}: not a readable HDF5 file: ${hdf5ErrorReason(error)}`);
    }
    if (file.file_id < 0n) throw new WeightImportError(`${description}: not a readable HDF5 file`);
    return readWeights(module, file, description);
  } catch (error) {
    if (error instanceof WeightImportError) throw error;
    throw new WeightImportError(`${description}: HDF5 read failed: ${hdf5ErrorReason(error)}`);
  } finally {
    try {
      file?.close();
    } finally {
      module.deactivate_throwing_error_handler();
    }
  }
}

function readWeights(module: H5wasmModule, file: H5File, description: string): WeightSource {
  const root = weightsRoot(file, description);
  const layerNames = stringListAttribute(root, 'layer_names', description);
  if (layerNames === undefined) throw new WeightImportError(`${description}: no layer_names attribute`);
  // Keras 3 also writes a model's own variables to an unlisted `top_level_model_weights` group.
  const groups = [...layerNames];
  if (!groups.includes('top_level_model_weights') && root.keys().includes('top_level_model_weights')) {
    groups.push('top_level_model_weights');
  }
  const tensors: WeightTensor[] = [];
  const allWeightNames: string[] = [];
  for (const groupName of groups) {
    const group = root.get(groupName);
    if (entityType(group) !== 'Group') {
      throw new WeightImportError(`${description}: layer_names lists "${groupName}" but ${join(root.path, groupName)} is not a group`);
    }
    const weightNames = stringListAttribute(group as H5Group, 'weight_names', description);
    if (weightNames === undefined) {
      throw new WeightImportError(`${description}: layer group ${join(root.path, groupName)} has no weight_names attribute`);
    }
    allWeightNames.push(...weightNames);
    const owners = kerasWeightOwners(groupName, weightNames);
    weightNames.forEach((weightName, i) => {
      const name = `${groupName}/${weightName}`;
      const dataset = (group as H5Group).get(weightName);
      if (entityType(dataset) !== 'Dataset') {
        throw new WeightImportError(`${description}: weight ${name} is listed in weight_names but there is no dataset ${join(root.path, name)}`);
      }
      const { dtype, values, shape } = readDataset(module, file, dataset as H5Dataset, name, description);
      tensors.push({ name, layer: owners[i]!.layer, role: owners[i]!.role, shape, dtype, values });
    });
  }
  return { format: kerasFormat(file, root, allWeightNames), description, tensors };
}

function weightsRoot(file: H5File, description: string): H5Group {
  if (hasListAttribute(file, 'layer_names')) return file;
  const modelWeights = file.get('model_weights');
  if (entityType(modelWeights) === 'Group' && hasListAttribute(modelWeights as H5Group, 'layer_names')) return modelWeights as H5Group;
  const keys = file.keys();
  if (keys.includes('layers') && keys.includes('vars')) {
    throw new WeightImportError(
      `${description}: this is the Keras 3 ".weights.h5" layout (layers/<class>/vars/0..n), which stores weights by ` +
        `position without their names or roles; it is not supported. Save the model with model.save("x.h5") ` +
        `(legacy HDF5 layout) and load that file.`,
    );
  }
  throw new WeightImportError(
    `${description}: not a Keras weights file: no layer_names attribute at / or /model_weights (top-level entries: ${keys.join(', ') || 'none'})`,
  );
}

function kerasFormat(file: H5File, root: H5Group, weightNames: string[]): WeightSource['format'] {
  const version = stringAttribute(root, 'keras_version') ?? stringAttribute(file, 'keras_version');
  if (version?.startsWith('3')) return 'keras3-legacy';
  if (version?.startsWith('2') || version?.startsWith('1')) return 'keras2';
  return weightNames.some((n) => /:\d+$/.test(n)) ? 'keras2' : 'keras3-legacy';
}

function readDataset(
  module: H5wasmModule,
  file: H5File,
  dataset: H5Dataset,
  name: string,
  description: string,
): { dtype: WeightDtype; values: WeightTensor['values']; shape: number[] } {
  const fail = (what: string) => new WeightImportError(`${description}: weight ${name}: ${what}`);
  try {
    const metadata = dataset.metadata;
    const shape = dataset.shape;
    if (shape === null) throw fail('has an empty (null) dataspace');
    const { type, size, signed } = metadata;
    if (type === module.H5T_class_t.H5T_FLOAT.value) {
      if (size === 4) return { dtype: 'float32', values: asTyped(dataset.value, Float32Array), shape };
      if (size === 8) return { dtype: 'float32', values: Float32Array.from(asTyped(dataset.value, Float64Array)), shape };
      // h5wasm cannot decode half floats ("Float16 not supported"): read the bytes (h5wasm converts them to
      // native little-endian order) and widen them here.
      if (size === 2) return { dtype: 'float16', values: float16BytesToFloat32(rawBytes(module, file, dataset)), shape };
    }
    if (type === module.H5T_class_t.H5T_INTEGER.value && signed) {
      if (size === 8) return { dtype: 'int64', values: asTyped(dataset.value, BigInt64Array), shape };
      if (size === 4) return { dtype: 'int32', values: asTyped(dataset.value, Int32Array), shape };
    }
    throw fail(`unsupported element type (HDF5 class ${type}, ${size} bytes${signed === false ? ', unsigned' : ''}); expected float16/32/64 or int32/64`);
  } catch (error) {
    if (error instanceof WeightImportError) throw error;
    throw fail(`cannot read: ${hdf5ErrorReason(error)}`);
  }
}

type TypedArrayClass<T> = { new (length: number): T };

function asTyped<T extends Float32Array | Float64Array | Int32Array | BigInt64Array>(value: unknown, kind: TypedArrayClass<T>): T {
  if (value instanceof kind) return value;
  // A scalar dataset comes back as a plain number or bigint.
  if (typeof value === 'number' || typeof value === 'bigint') {
    const array = new kind(1);
    (array as unknown as (number | bigint)[])[0] = value;
    return array;
  }
  throw new Error(`unexpected value type ${Object.prototype.toString.call(value)}`);
}

function rawBytes(module: H5wasmModule, file: H5File, dataset: H5Dataset): Uint8Array {
  const { size, total_size: count } = dataset.metadata;
  const byteLength = size * count;
  const pointer = module._malloc(Math.max(byteLength, 1));
  if (!pointer) throw new Error(`cannot allocate ${byteLength} bytes in the HDF5 module`);
  try {
    module.get_dataset_data(file.file_id, dataset.path, null, null, null, BigInt(pointer));
    return module.HEAPU8.slice(pointer, pointer + byteLength);
  } finally {
    module._free(pointer);
  }
}

function hasListAttribute(group: H5Group, name: string): boolean {
  const names = Object.keys(group.attrs);
  return names.includes(name) || names.includes(`${name}0`);
}

/**
 * A list-of-strings attribute (`layer_names`, `weight_names`), with trailing NULs removed (Keras 2 wrote
 * fixed-length, null-padded names). Keras splits a list too long for one HDF5 object header into
 * `name0`, `name1`, …; those are joined. h5py stores Keras' empty list as an empty float array.
 */
function stringListAttribute(group: H5Group, name: string, description: string): string[] | undefined {
  const attributes = group.attrs;
  const parts: unknown[] = [];
  if (name in attributes) {
    parts.push(attributes[name]!.value);
  } else {
    for (let i = 0; `${name}${i}` in attributes; i++) parts.push(attributes[`${name}${i}`]!.value);
    if (parts.length === 0) return undefined;
  }
  const list: string[] = [];
  for (const value of parts) {
    if (typeof value === 'string') list.push(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) list.push(...(value as string[]));
    else if (ArrayBuffer.isView(value) && (value as unknown as ArrayLike<unknown>).length === 0) continue;
    else if (value === null) continue;
    else throw new WeightImportError(`${description}: attribute ${name} of ${group.path} is not a list of strings`);
  }
  return list.map((s) => s.replace(/\0+$/, ''));
}

function stringAttribute(group: H5Group, name: string): string | undefined {
  const attribute = group.attrs[name];
  const value = attribute?.value;
  return typeof value === 'string' ? value.replace(/\0+$/, '') : undefined;
}

/** 'Group', 'Dataset', … (h5wasm's OBJECT_TYPE), or undefined for a missing entry or a reference. */
function entityType(entity: unknown): string | undefined {
  return (entity as { type?: unknown } | null)?.type as string | undefined;
}

function join(groupPath: string, name: string): string {
  return groupPath === '/' ? `/${name}` : `${groupPath}/${name}`;
}
