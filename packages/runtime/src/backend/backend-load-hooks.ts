import type { BackendName } from './use-backend.js';

/** Runs after `useBackend` has imported a backend's package and before it activates the backend. */
export type BackendLoadHook = (backend: BackendName) => void;

// On globalThis, so the ESM and CJS builds of every entry (each CJS entry bundles its own copy of this
// module) share one table.
const KEY = Symbol.for('@lip/runtime/backend-load-hooks');
type Holder = { [KEY]?: Map<string, BackendLoadHook> };

function hooks(): Map<string, BackendLoadHook> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Map());
}

/**
 * Sets the hook registered under `name` (replacing an earlier one of that name). `@lip/runtime/training` uses
 * it to put its kernels and gradients back on top of those a backend package registers when it loads; the
 * default entry registers none.
 */
export function setBackendLoadHook(name: string, hook: BackendLoadHook): void {
  hooks().set(name, hook);
}

export function runBackendLoadHooks(backend: BackendName): void {
  for (const hook of hooks().values()) hook(backend);
}
