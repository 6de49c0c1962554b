import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setupNative, SetupNativeError } from './setup-native.js';
import { findTfjsNode, isNativeBackendBuilt, tfjsNodeAddonPath } from './native-status.js';

// Every case fails before step 3 (deps/), so an existing build is never touched.
const scratch = mkdtempSync(join(tmpdir(), 'lip-setup-native-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const quiet = { log: () => {}, force: true, cacheDir: join(scratch, 'cache') };

describe('setupNative errors', () => {
  it('names a missing wheel', () => {
    expect(() => setupNative({ ...quiet, wheel: join(scratch, 'missing.whl') }))
      .toThrow(new SetupNativeError(`--wheel ${join(scratch, 'missing.whl')}: no such file`));
  });

  it('explains a folder that is not a TensorFlow installation', () => {
    const empty = join(scratch, 'not-tensorflow');
    mkdirSync(empty);
    expect(() => setupNative({ ...quiet, tensorflowDir: empty }))
      .toThrow(/--tensorflow-dir .*not-tensorflow does not contain libtensorflow_cc.so.2 and libtensorflow_framework.so.2 and include\/tensorflow\/c\/c_api.h/);
  });

  it('says when python (for pip) is missing', () => {
    expect(() => setupNative({ ...quiet, python: join(scratch, 'no-python3') }))
      .toThrow(/downloading tensorflow_cpu==2\.21\.0 with pip .*: '.*no-python3' was not found on PATH/);
  });
});

describe('native status', () => {
  it('finds tfjs-node in this workspace and reports whether its addon is built', () => {
    const dir = findTfjsNode();
    expect(dir).toMatch(/node_modules\/@tensorflow\/tfjs-node$/);
    expect(tfjsNodeAddonPath(dir!)).toBe(join(dir!, 'lib', 'napi-v8', 'tfjs_binding.node'));
    expect(typeof isNativeBackendBuilt()).toBe('boolean');
    expect(findTfjsNode(tmpdir())).toBeNull();
  });
});
