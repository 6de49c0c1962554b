import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts', synthetic: 'src/synthetic.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    // `import.meta.url` locates the worker script; the shim makes it work in the CJS build too.
    shims: true,
    external: [/^@tensorflow\//, 'sharp'],
  },
  {
    // The batch worker is one ESM file next to the entries; it serves ESM and CJS consumers alike.
    entry: { 'batch-worker': 'src/node/batch-worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    external: [/^@tensorflow\//, 'sharp'],
  },
  {
    // The CLI is ESM only (it is run, never required).
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external: [/^@tensorflow\//, 'sharp'],
  },
]);
