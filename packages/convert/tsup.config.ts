import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    external: [/^@tensorflow\//, /^@lip\//],
  },
  {
    // The CLI is ESM only (it is run, never required).
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    external: [/^@tensorflow\//, /^@lip\//],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
