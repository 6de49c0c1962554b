/**
 * The environment of every package's test processes.
 *
 * One XNNPACK thread per wasm test process (unless LIP_WASM_THREADS says otherwise). XNNPACK's pool spin-waits at
 * every parallel operation, and the suite runs many test processes side by side (turbo's packages × vitest's
 * forks): a thread waiting for a descheduled peer burns its time slice. Beside one CPU hog, a JPPNet training
 * test took 12.2 s on 2 threads against 1.9 s on 1; with two suites at once, tests slowed 50× and timed out.
 * Tests about threads pass `wasmThreads` themselves.
 */
export const lipTestEnv: Record<string, string> = { LIP_WASM_THREADS: process.env['LIP_WASM_THREADS'] ?? '1' };

/**
 * The test options of the packages whose tests run tfjs. tfjs keeps global engine state and tfjs-node is a native
 * addon: one process per test file. The timeouts sit far above the worst test measured under load (91 s, with two
 * suites and two CPU hogs at once).
 */
export const tfjsTestOptions = {
  env: lipTestEnv,
  include: ['src/**/*.test.ts'],
  pool: 'forks' as const,
  testTimeout: 600_000,
  hookTimeout: 600_000,
};
