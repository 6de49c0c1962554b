// Test support: the batch worker runs from the built package; tests on the sources bundle it here
// (inside the package, so that it resolves sharp).
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageSource = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export async function buildTestWorker(name: string): Promise<{ script: string; remove: () => Promise<void> }> {
  const script = fileURLToPath(new URL(`../../node_modules/.cache/lip-dataset-test/${name}-${process.pid}.mjs`, import.meta.url));
  await build({
    entryPoints: [new URL('./batch-worker.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['sharp'],
    // The other @lip packages from their sources too, as the tests themselves resolve them.
    alias: {
      '@lip/schema/node': packageSource('schema/src/node/index.ts'),
      '@lip/schema': packageSource('schema/src/index.ts'),
      '@lip/image/internal': packageSource('image/src/internal.ts'),
      '@lip/image': packageSource('image/src/index.ts'),
    },
    outfile: script,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { script, remove: () => rm(script, { force: true }) };
}
