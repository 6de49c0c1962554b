import { defineConfig } from 'tsup';

const external = [/^@tensorflow\//, /^@lip\//, 'sharp'];

export default defineConfig([
  // The library (train / evaluate / detect functions) that the quickstart reuses.
  { entry: { index: 'src/index.ts' }, format: ['esm'], dts: true, sourcemap: true, target: 'node20', external },
  { entry: { cli: 'src/cli.ts' }, format: ['esm'], sourcemap: true, target: 'node20', banner: { js: '#!/usr/bin/env node' }, external },
]);
