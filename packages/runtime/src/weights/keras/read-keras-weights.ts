import type { WeightSource } from '../weight-source.js';
import type { H5wasmApi } from './h5wasm-api.js';
import { rejectKerasArchive } from './keras-archive.js';
import { readKerasH5 } from './read-keras-h5.js';

export interface ReadKerasWeightsOptions {
  /** Names the file in error messages (default "Keras weights"). */
  description?: string;
}

let universalH5wasm: Promise<H5wasmApi> | undefined;
let nextFileId = 0;

/** h5wasm is ESM only: a real dynamic import also works from the CJS build. Loaded on first use. */
function loadUniversalH5wasm(): Promise<H5wasmApi> {
  universalH5wasm ??= import('h5wasm').then(async (h5) => {
    await h5.ready;
    return h5;
  });
  return universalH5wasm;
}

/**
 * Reads a Keras HDF5 weight file from memory (browser or Node): Keras 2 (`:0` names, null-padded, optional
 * `model_weights/`, nested sub-model groups) or Keras 3 legacy `.h5`. Float16 datasets are widened to float32.
 */
export async function readKerasWeights(bytes: Uint8Array | ArrayBuffer, options: ReadKerasWeightsOptions = {}): Promise<WeightSource> {
  const description = options.description ?? 'Keras weights';
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  rejectKerasArchive(data, description);
  const h5 = await loadUniversalH5wasm();
  const module = await h5.ready;
  // The file goes through h5wasm's in-memory file system under a name of its own, removed afterwards.
  const path = `/lip-keras-weights-${nextFileId++}.h5`;
  module.FS.writeFile(path, data);
  try {
    return readKerasH5(h5, module, path, description);
  } finally {
    module.FS.unlink(path);
  }
}
