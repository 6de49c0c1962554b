import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../backend/use-backend.js';
import { prepareWasmBackend } from './prepare-wasm-backend.js';
import { winogradModuleFor, type WasmBackendInternals } from './winograd/winograd-module.js';

describe('prepareWasmBackend (for apps that select wasm themselves)', () => {
  it('in Node, leaves initialising wasm to useBackend; rejects a bad thread count', async () => {
    await useBackend('cpu');
    if (!('wasm' in tf.engine().registry)) {
      await expect(prepareWasmBackend()).rejects.toThrow("in Node, select wasm with useBackend('wasm')");
    }
    await expect(prepareWasmBackend({ threads: 0 })).rejects.toThrow('threads must be a positive integer, got 0');
  });

  it('makes an initialised wasm active and installs the Winograd module; idempotent', async () => {
    await useBackend('wasm', { wasmWinograd: false }); // wasm as tf.setBackend('wasm') leaves it: no Winograd module
    const backend = tf.backend() as unknown as WasmBackendInternals;
    expect(winogradModuleFor(backend)).toBeNull();
    await useBackend('cpu');
    await prepareWasmBackend();
    expect(tf.getBackend()).toBe('wasm');
    expect(winogradModuleFor(backend)).not.toBeNull();
    await prepareWasmBackend();
    expect(winogradModuleFor(backend)).not.toBeNull();
  });
});
