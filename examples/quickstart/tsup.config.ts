import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli.ts', pretrain: 'src/pretrain-cli.ts' },
  format: ['esm'],
  sourcemap: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  external: [/^@tensorflow\//, /^@lip\//, 'sharp'],
});
