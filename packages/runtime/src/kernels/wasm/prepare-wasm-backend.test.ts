import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../backend/use-backend.js';
import { prepareWasmBackend } from './prepare-wasm-backend.js';
import { winogradModuleFor, type WasmBackendInternals } from './winograd/winograd-module.js';

describe('prepareWasmBackend (for apps that select wasm themselves)', () => {
  it('needs wasm active, then installs the Winograd module; idempotent', async () => {
    await useBackend('cpu');
    await expect(prepareWasmBackend()).rejects.toThrow("needs the wasm backend active, not 'cpu'");
    await useBackend('wasm', { wasmWinograd: false }); // wasm as tf.setBackend('wasm') leaves it: no Winograd module
    const backend = tf.backend() as unknown as WasmBackendInternals;
    expect(winogradModuleFor(backend)).toBeNull();
    await prepareWasmBackend();
    expect(winogradModuleFor(backend)).not.toBeNull();
    await prepareWasmBackend();
    expect(winogradModuleFor(backend)).not.toBeNull();
  });
});
