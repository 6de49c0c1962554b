import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import '../index.js';
import { describeBackendChoice, useBackend } from './use-backend.js';
import { isNativeBackendBuilt } from '../native/native-status.js';

const native = isNativeBackendBuilt();

describe('useBackend', () => {
  afterEach(() => { delete process.env['LIP_BACKEND']; delete process.env['LIP_WASM_WINOGRAD']; });

  it('activates cpu and wasm on request', async () => {
    expect((await useBackend('cpu')).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await useBackend('wasm');
    expect(wasm).toMatchObject({ backend: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', requested: 'wasm', rejected: [] });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('runs wasm 3×3 convolutions by Winograd unless LIP_WASM_WINOGRAD or the option turns it off', async () => {
    expect((await useBackend('wasm')).winograd).toBe(true);
    process.env['LIP_WASM_WINOGRAD'] = '0';
    expect((await useBackend('wasm')).winograd).toBe(false);
    expect((await useBackend('wasm', { wasmWinograd: true })).winograd).toBe(true); // the option wins
    process.env['LIP_WASM_WINOGRAD'] = 'TRUE';
    expect((await useBackend('wasm')).winograd).toBe(true);
    process.env['LIP_WASM_WINOGRAD'] = 'off';
    await expect(useBackend('wasm')).rejects.toThrow("LIP_WASM_WINOGRAD must be 0, 1, false or true, got 'off'");
  });

  it('reads LIP_BACKEND when no request is given', async () => {
    process.env['LIP_BACKEND'] = 'cpu';
    expect((await useBackend()).requested).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto prefers native TensorFlow, else wasm, and says why', async () => {
    const choice = await useBackend('auto');
    const gpu = choice.rejected.find((r) => r.packageName === '@tensorflow/tfjs-node-gpu');
    expect(gpu?.reason).toBe('not installed');
    if (native) {
      expect(choice.backend).toBe('tensorflow');
    } else {
      expect(choice.backend).toBe('wasm');
      const node = choice.rejected.find((r) => r.packageName === '@tensorflow/tfjs-node');
      expect(node?.reason).toMatch(/not built \(run `npx lip-runtime setup-native`\)|not installed/);
    }
    expect(describeBackendChoice(choice)).toMatch(/^backend: (wasm|tensorflow) .*requested 'auto'\n  not tensorflow \(GPU\): not installed/);
  });

  it('an explicit tensorflow request fails loudly when it cannot be met', async () => {
    if (native) {
      expect((await useBackend('tensorflow')).backend).toBe('tensorflow');
      return;
    }
    await expect(useBackend('tensorflow')).rejects.toThrow(/no usable backend for 'tensorflow':\n  tensorflow \(GPU\) \(@tensorflow\/tfjs-node-gpu\): not installed\n  tensorflow \(@tensorflow\/tfjs-node\): /);
  });

  it('rejects unknown names', async () => {
    await expect(useBackend('opengl' as never)).rejects.toThrow("unknown backend 'opengl'; expected one of auto, tensorflow, wasm, cpu, webgl, webgpu");
  });

  it('tries webgl and webgpu when asked for by name, and says why Node cannot run them without a GPU context', async () => {
    // Both packages are installed in this workspace (examples/web); Node has neither a WebGL nor a WebGPU context.
    await expect(useBackend('webgl')).rejects.toThrow(/no usable backend for 'webgl':\n  webgl \(@tensorflow\/tfjs-backend-webgl\): .* registers 'webgl' only where it finds a WebGL context/);
    await expect(useBackend('webgpu')).rejects.toThrow(/no usable backend for 'webgpu':\n  webgpu \(@tensorflow\/tfjs-backend-webgpu\): .* registers 'webgpu' only where it finds a WebGPU context/);
    expect((await useBackend('auto')).rejected.map((r) => r.candidate)).not.toContain('webgl');
  });

  it('logs the choice when asked', async () => {
    const lines: string[] = [];
    await useBackend('cpu', { log: (m) => lines.push(m) });
    expect(lines).toEqual(["backend: cpu (@tensorflow/tfjs-backend-cpu), requested 'cpu'"]);
  });
});
