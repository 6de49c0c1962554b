import { findBackendFactory, io } from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { nodeFileSystem } from './node-file-system.js';

const FILE_SCHEME = 'file://';
const REGISTERED = Symbol.for('@lip/runtime/file-url-router');

/**
 * tfjs-node registers its own `file://` routers when it loads, together with the 'tensorflow'
 * backend. Two routers answering the same URL make tfjs refuse to save or load, so ours steps aside
 * whenever tfjs-node is loaded (checked at each lookup: tfjs-node may be imported after us).
 */
function tfjsNodeHandlesFileUrls(): boolean {
  return findBackendFactory('tensorflow') != null;
}

/** `file:///abs/dir`, `file://relative/dir` (as tfjs-node accepts) → a path. */
export function filePathOfUrl(url: string): string {
  const rest = url.slice(FILE_SCHEME.length);
  return rest.startsWith('/') ? fileURLToPath(url) : rest;
}

function route(url: string | string[]): io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith(FILE_SCHEME) || tfjsNodeHandlesFileUrls()) return null;
  return nodeFileSystem(filePathOfUrl(url));
}

/**
 * Makes `model.save('file://dir')` and `tf.loadLayersModel('file://dir/model.json')` use
 * {@link nodeFileSystem} when tfjs-node is not loaded. Importing `@lip/runtime/node` calls this;
 * calling it again does nothing.
 */
export function registerFileUrlRouter(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[REGISTERED] === true) return;
  g[REGISTERED] = true;
  // tfjs types routers as never returning null, but its registry skips routers that do.
  const router = route as unknown as Parameters<typeof io.registerSaveRouter>[0];
  io.registerSaveRouter(router);
  io.registerLoadRouter(router);
}
