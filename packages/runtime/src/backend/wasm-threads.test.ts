import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleChildScript, startChild } from '../io/test-support/child-script.js';

let script: string;
beforeAll(async () => {
  script = await bundleChildScript(fileURLToPath(new URL('./test-support/wasm-threads-child.ts', import.meta.url)));
});

async function runChild(threads: number | null, env: Record<string, string> = {}) {
  const child = startChild(script, threads == null ? [] : [String(threads)], env);
  // The child must exit by itself: the pool's pthread workers may not keep it alive. The guard is far above its
  // time on a loaded machine (2 spinning threads beside other suites), so that only a hang trips it.
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 600_000);
  const exit = await child.exited;
  clearTimeout(timer);
  expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
  return JSON.parse(child.lines.at(-1)!) as { threads: number; winograd: boolean; description: string; conv: string; product: string; convSum: number };
}

describe('wasm threads in Node', { timeout: 1_500_000 }, () => {
  // The conv is large enough for Winograd: its module runs on the shared heap of the threaded build and on the plain one.
  it('runs XNNPACK on 2 threads, gives bit-identical results to 1 thread, and lets the process exit', async () => {
    const [two, one] = [await runChild(2), await runChild(1)];
    expect([two.threads, two.winograd, one.threads, one.winograd]).toEqual([2, true, 1, true]);
    expect(two.description).toMatch(/^backend: wasm \(@tensorflow\/tfjs-backend-wasm, 2 threads, Winograd 3×3\), requested 'wasm'/);
    expect(one.description).toMatch(/, 1 thread, Winograd 3×3\), requested/);
    expect({ conv: two.conv, product: two.product }).toEqual({ conv: one.conv, product: one.product });
    expect(Number.isFinite(two.convSum)).toBe(true);
  });

  it('reads LIP_WASM_THREADS, and rejects a bad value or option with a message naming it', async () => {
    expect((await runChild(null, { LIP_WASM_THREADS: '1' })).threads).toBe(1);
    const badEnv = await startChild(script, [], { LIP_WASM_THREADS: 'two' }).exited;
    expect(badEnv.code).not.toBe(0);
    expect(badEnv.stderr).toMatch(/LIP_WASM_THREADS must be a positive integer, got 'two'/);
    const badOption = await startChild(script, ['0']).exited;
    expect(badOption.stderr).toMatch(/wasmThreads must be a positive integer, got 0/);
  });
});
