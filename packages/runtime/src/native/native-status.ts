import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where `@tensorflow/tfjs-node` resolves from `fromDir` (default: the working directory), or null. */
export function findTfjsNode(fromDir: string = process.cwd()): string | null {
  try {
    const require = createRequire(join(fromDir, 'noop.js'));
    return dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return null;
  }
}

/** The addon file tfjs-node loads (binding.gyp's output for N-API v8). */
export function tfjsNodeAddonPath(tfjsNodeDir: string): string {
  return join(tfjsNodeDir, 'lib', 'napi-v8', 'tfjs_binding.node');
}

/** True when tfjs-node is installed and its native addon has been built. */
export function isNativeBackendBuilt(fromDir?: string): boolean {
  const dir = findTfjsNode(fromDir);
  return dir != null && existsSync(tfjsNodeAddonPath(dir));
}
