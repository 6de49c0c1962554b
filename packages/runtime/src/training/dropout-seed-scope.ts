import { deriveSeed, hashString } from '@lip/schema';

/**
 * The seed scope a training step opens around its forward pass: seeded dropout layers draw their
 * masks from (scope seed, layer name, how many times the layer ran in this scope), so masks are a
 * function of the step, not of a hidden global generator. Kept on globalThis so the ESM and CJS
 * builds of this package share it.
 */
interface DropoutSeedScope {
  readonly seed: number;
  readonly calls: Map<string, number>;
}

const KEY = Symbol.for('@lip/runtime/dropout-seed-scope');
type Holder = { [KEY]?: DropoutSeedScope | undefined };

/** Runs `fn` (synchronously) with dropout masks seeded from `seed`. Scopes nest; the inner one wins. */
export function withDropoutSeed<T>(seed: number, fn: () => T): T {
  const holder = globalThis as Holder;
  const outer = holder[KEY];
  holder[KEY] = { seed: seed >>> 0, calls: new Map() };
  try {
    return fn();
  } finally {
    holder[KEY] = outer;
  }
}

/**
 * The seed for the next mask of layer `layerName` in the current scope, or undefined outside any
 * scope. A layer applied several times in one step (a shared head on several scales) gets a new
 * mask each time, in call order.
 */
export function nextDropoutSeed(layerName: string): number | undefined {
  const scope = (globalThis as Holder)[KEY];
  if (scope == null) return undefined;
  const n = scope.calls.get(layerName) ?? 0;
  scope.calls.set(layerName, n + 1);
  return deriveSeed(scope.seed, hashString(layerName), n);
}
