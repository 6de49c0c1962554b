// Child process of node-file-system.test.ts: saves versions 1, 2, 3, … of a model to one directory
// until killed. Version k has every weight equal to k, so a reader can tell versions apart and spot a
// mix. `--crash-between-renames` SIGKILLs itself inside the atomic write's most delicate instant.
import type { io } from '@tensorflow/tfjs-core';
import { nodeFileSystem } from '../node-file-system.js';

const [dir, floatsArg, mode] = process.argv.slice(2);
if (dir == null || floatsArg == null) throw new Error('usage: save-loop.child.mjs <dir> <floats per weight> [--crash-between-renames]');
const floats = Number(floatsArg);

function artifacts(version: number): io.ModelArtifacts {
  const a = new Float32Array(floats).fill(version);
  const b = new Float32Array(floats).fill(version);
  const weightData = new Uint8Array(a.byteLength + b.byteLength);
  weightData.set(new Uint8Array(a.buffer), 0);
  weightData.set(new Uint8Array(b.buffer), a.byteLength);
  return {
    modelTopology: { version },
    format: 'layers-model',
    weightSpecs: [
      { name: 'a/kernel', shape: [floats], dtype: 'float32' },
      { name: 'b/kernel', shape: [floats], dtype: 'float32' },
    ],
    weightData: weightData.buffer,
  };
}

const crash = mode === '--crash-between-renames';
const handler = nodeFileSystem(dir, {
  shardSizeBytes: 1 << 20,
  hooks: crash ? { betweenRenames: () => { process.kill(process.pid, 'SIGKILL'); } } : {},
});
for (let version = 1; ; version++) {
  process.stdout.write(`saving ${version}\n`);
  await handler.save(artifacts(version));
  process.stdout.write(`saved ${version}\n`);
}
