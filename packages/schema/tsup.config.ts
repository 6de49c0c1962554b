import { defineConfig } from 'tsup';

export default defineConfig({
  // `node` (the label-PNG codec) uses node:zlib and node:fs; the universal `index` must bundle for browsers.
  entry: { index: 'src/index.ts', node: 'src/node/index.ts', testing: 'src/testing.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
