import { defineConfig } from 'vitest/config';
import { lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';

export default defineConfig({
  resolve: { alias: lipSourceAliases },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
