import { useBackend } from '@lip/runtime';

/**
 * Selects a backend by its bench name: the tfjs backends, plus 'wasm-direct', which is wasm with tfjs-wasm's
 * own 3×3 convolution instead of @lip/runtime's Winograd, so that both can be measured in the same run.
 */
export function useBenchBackend(name) {
  return useBackend(name === 'wasm-direct' ? 'wasm' : name, { wasmWinograd: name !== 'wasm-direct' });
}
