import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { weightFixtures } from './testing/weight-fixtures.js';

// h5wasm is ESM only; the CJS build reaches it through a dynamic import() that the bundler must keep.
// This runs against the built dist (CI builds before testing); it is skipped until the package is built.
const nodeCjs = fileURLToPath(new URL('../../dist/node.cjs', import.meta.url));

describe.skipIf(!existsSync(nodeCjs))('CommonJS build', () => {
  it('reads Keras HDF5 and TF checkpoints through require("@lip/runtime/node")', () => {
    const script = `
      const runtime = require(${JSON.stringify(nodeCjs)});
      (async () => {
        const keras = await runtime.readKerasWeightsFile(${JSON.stringify(weightFixtures.path('keras2_model.h5'))});
        const ckpt = await runtime.readTfCheckpointFile(${JSON.stringify(weightFixtures.path('jppnet_like.ckpt'))});
        const step = ckpt.tensors.find((t) => t.name === 'global_step').values[0];
        console.log(JSON.stringify({ keras: [keras.format, keras.tensors.length], ckpt: [ckpt.format, ckpt.tensors.length, String(step)] }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({
      keras: ['keras2', 14],
      ckpt: ['tf-checkpoint', 10, '9007199254740995'],
    });
  });
});
