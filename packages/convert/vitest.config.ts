import { defineConfig } from 'vitest/config';
import { lipDatasetSourceAliases, lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';
import { tfjsTestOptions } from '../../scripts/vitest-test-env.js';

export default defineConfig({
  resolve: { alias: [...lipSourceAliases, ...lipDatasetSourceAliases] },
  test: tfjsTestOptions,
});
