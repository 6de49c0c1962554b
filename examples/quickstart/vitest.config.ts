import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';
import { tfjsTestOptions } from '../../scripts/vitest-test-env.js';

export default defineConfig({
  resolve: {
    // The train-ssnan and jppnet libraries from their sources too, like every @lip/* package.
    alias: [
      { find: /^@lip\/example-train-ssnan$/, replacement: fileURLToPath(new URL('../train-ssnan/src/index.ts', import.meta.url)) },
      { find: /^@lip\/example-jppnet$/, replacement: fileURLToPath(new URL('../jppnet/src/index.ts', import.meta.url)) },
      ...lipSourceAliases,
    ],
  },
  test: tfjsTestOptions,
});
