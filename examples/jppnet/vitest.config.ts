import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { lipDatasetSourceAliases, lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';
import { tfjsTestOptions } from '../../scripts/vitest-test-env.js';

const source = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export default defineConfig({
  // @lip/metrics is not in the shared alias list; resolve it to its sources too, so these tests never depend on
  // its build state.
  resolve: {
    alias: [
      ...lipSourceAliases,
      ...lipDatasetSourceAliases,
      { find: /^@lip\/metrics$/, replacement: source('packages/metrics/src/index.ts') },
    ],
  },
  test: tfjsTestOptions,
});
