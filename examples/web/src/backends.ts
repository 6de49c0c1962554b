import * as tf from '@tensorflow/tfjs-core';
// Each import registers its backend with tfjs-core; none is initialised until tf.setBackend picks it.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { prepareWasmBackend } from '@lip/runtime';

export const DEMO_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type DemoBackend = (typeof DEMO_BACKENDS)[number];

export interface BackendStatus {
  readonly ok: boolean;
  /** Why it did not initialise. */
  readonly error?: string;
  /** What it runs on (wasm: SIMD / threads; webgl: version; webgpu: adapter). */
  readonly detail?: string;
}

// The wasm binaries are served by the page itself (public/tfjs-wasm/), never from a CDN.
setWasmPaths(new URL('tfjs-wasm/', document.baseURI).href);

const statuses = new Map<DemoBackend, Promise<BackendStatus>>();

function detailOf(name: DemoBackend): string | undefined {
  const env = tf.env();
  // XNNPACK's pool: every logical core (prepareWasmBackend), where the page is cross-origin isolated.
  if (name === 'wasm') return `SIMD ${env.getBool('WASM_HAS_SIMD_SUPPORT') ? 'yes' : 'no'}, threads ${env.getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? getThreadsCount() : '1 (no SharedArrayBuffer)'}`;
  if (name === 'webgl') return `WebGL ${env.getNumber('WEBGL_VERSION')}, float32 render ${env.getBool('WEBGL_RENDER_FLOAT32_CAPABLE') ? 'yes' : 'no'}`;
  return undefined;
}

/** Initialises `name` (once) and makes it the current backend; resolves to whether it initialised. */
export async function selectBackend(name: DemoBackend): Promise<BackendStatus> {
  let status = statuses.get(name);
  if (status == null) {
    status = (async (): Promise<BackendStatus> => {
      if (name === 'webgpu' && !('gpu' in navigator)) return { ok: false, error: 'this browser has no navigator.gpu' };
      if (name === 'webgpu') {
        const adapter = await (navigator as unknown as { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter().catch(() => null);
        if (adapter == null) return { ok: false, error: 'navigator.gpu offers no adapter' };
      }
      try {
        // wasm: initialised on every logical core, with the Winograd 3×3 convolution and XNNPACK batch norm.
        if (name === 'wasm') await prepareWasmBackend();
        else if (!(await tf.setBackend(name))) return { ok: false, error: `tf.setBackend('${name}') failed (see the console)` };
        await tf.ready();
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
      return { ok: true, detail: detailOf(name) };
    })();
    statuses.set(name, status);
  }
  const result = await status;
  if (result.ok && tf.getBackend() !== name) await tf.setBackend(name);
  return result;
}

/** Tries every backend, then returns to `preferred` (or the first that works). */
export async function probeBackends(): Promise<Record<DemoBackend, BackendStatus>> {
  const out = {} as Record<DemoBackend, BackendStatus>;
  for (const name of DEMO_BACKENDS) out[name] = await selectBackend(name);
  return out;
}
