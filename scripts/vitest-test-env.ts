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
