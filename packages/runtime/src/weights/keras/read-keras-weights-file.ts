import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { WeightImportError, type WeightSource } from '../weight-source.js';
import type { H5wasmApi } from './h5wasm-api.js';
import { rejectKerasArchive } from './keras-archive.js';
import { readKerasH5 } from './read-keras-h5.js';

let nodeH5wasm: Promise<H5wasmApi> | undefined;

/** `h5wasm/node` reads the real file system (no copy of the file in memory). ESM only: dynamic import. */
function loadNodeH5wasm(): Promise<H5wasmApi> {
  nodeH5wasm ??= import('h5wasm/node').then(async (h5) => {
    await h5.ready;
    return h5;
  });
  return nodeH5wasm;
}

/** Reads a Keras HDF5 weight file from disk (Node). See `readKerasWeights` for the layouts. */
export async function readKerasWeightsFile(path: string): Promise<WeightSource> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new WeightImportError(`Keras weights file not found: ${path}`);
  rejectKerasArchive(readHead(absolute, 4), path);
  const h5 = await loadNodeH5wasm();
  return readKerasH5(h5, await h5.ready, absolute, path);
}

function readHead(path: string, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(length);
    readSync(fd, head, 0, length, 0);
    return head;
  } finally {
    closeSync(fd);
  }
}
