import { defineConfig } from 'tsup';

export default defineConfig({
  // `internal`: the Pillow resample passes and their WebAssembly kernels, for @lip/dataset's training slots.
  entry: { index: 'src/index.ts', internal: 'src/internal.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: [/^@lip\//],
});
