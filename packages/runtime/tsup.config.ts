import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', internal: 'src/internal.ts', training: 'src/training.ts', node: 'src/node.ts', testing: 'src/testing.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    external: [/^@tensorflow\//],
    // import.meta.url in the CommonJS build (wasm-threads resolves tfjs-backend-wasm's files next to itself).
    shims: true,
  },
  {
    // The CLI is ESM only (it is run, never required).
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external: [/^@tensorflow\//],
  },
]);
