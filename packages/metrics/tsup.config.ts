import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    // The CLI is ESM only (it is run, never required). The PNG-decoding worker is a second entry so that
    // `new Worker(new URL('./parsing-worker.js', import.meta.url))` finds it next to cli.js.
    entry: { cli: 'src/cli.ts', 'parsing-worker': 'src/cli/parsing-worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
