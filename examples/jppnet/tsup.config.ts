import { defineConfig } from 'tsup';

const external = [/^@tensorflow\//, /^@lip\//, 'sharp'];

export default defineConfig([
  // The library (the commands and the evaluation) that `npm run pretrain` reuses.
  { entry: { index: 'src/index.ts' }, format: ['esm'], dts: true, sourcemap: true, target: 'node20', external },
  { entry: { cli: 'src/cli.ts' }, format: ['esm'], sourcemap: true, target: 'node20', banner: { js: '#!/usr/bin/env node' }, external },
]);
