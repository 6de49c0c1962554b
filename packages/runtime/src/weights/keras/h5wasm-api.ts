import type * as H5wasm from 'h5wasm';

/** The h5wasm namespace: the universal build (`h5wasm`, in-memory files) or the Node one (`h5wasm/node`, real files). */
export type H5wasmApi = typeof H5wasm;
export type H5wasmModule = Awaited<typeof H5wasm.ready>;
export type H5File = InstanceType<H5wasmApi['File']>;
export type H5Group = InstanceType<H5wasmApi['Group']>;
export type H5Dataset = InstanceType<H5wasmApi['Dataset']>;

/**
 * h5wasm reports HDF5 failures by printing the HDF5 error stack and returning -1 ids unless its throwing
 * handler is on; with it on, the error message is the whole stack. The deepest frame says what was wrong
 * (e.g. "truncated file: eof = 100, …, stored_eof = 60216").
 */
export function hdf5ErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const frames = [...message.matchAll(/#\d+: .* in (\S+)\(\): (.*)$/gm)];
  const deepest = frames[frames.length - 1];
  return deepest ? `${deepest[2]!.trim()} (${deepest[1]})` : message.split('\n')[0]!.trim();
}
