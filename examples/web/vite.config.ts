import { defineConfig } from 'vite';
import { lipSourceAliases } from '../../scripts/vitest-lip-aliases.js';

/** Cross-origin isolation, so that tfjs-backend-wasm may use threads (SharedArrayBuffer). */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // Relative asset URLs: the built page works from any folder of any static server.
  base: './',
  // @lip/* from their sources, like the tests: the page always shows the code of this checkout.
  resolve: { alias: lipSourceAliases },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, minify: false },
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
});
