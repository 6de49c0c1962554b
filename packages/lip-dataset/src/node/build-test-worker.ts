// Test support: the batch worker runs from the built package; tests on the sources bundle it here
// (inside the package, so that it resolves sharp).
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function buildTestWorker(name: string): Promise<{ script: string; remove: () => Promise<void> }> {
  const script = fileURLToPath(new URL(`../../node_modules/.cache/lip-dataset-test/${name}-${process.pid}.mjs`, import.meta.url));
  await build({
    entryPoints: [new URL('./batch-worker.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['sharp'],
    outfile: script,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { script, remove: () => rm(script, { force: true }) };
}
