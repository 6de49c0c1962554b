import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestJob, TestResult } from './__fixtures__/pool-test-worker.js';
import { WorkerPool, workerPoolCounts } from './worker-pool.js';

const cache = (name: string) => fileURLToPath(new URL(`../../node_modules/.cache/schema-test/${name}-${process.pid}.mjs`, import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const workerScript = cache('pool-worker');
const processScript = cache('pool-process');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // Worker threads run built JavaScript: bundle the test worker (and a script for child processes) from the sources.
  await build({ entryPoints: [`${here}__fixtures__/pool-test-worker.ts`], bundle: true, platform: 'node', format: 'esm', outfile: workerScript, logLevel: 'silent' });
  await build({
    stdin: {
      contents: `import { WorkerPool } from './worker-pool.ts';
const [script, mode] = process.argv.slice(2);
const pool = new WorkerPool(script, { size: 2 });
if (mode === 'idle') {
  const result = await pool.run({ kind: 'echo', value: 1 });
  console.log('left open after', result.value); // no close(): the idle workers must not keep the process alive
} else {
  const jobs = [pool.run({ kind: 'zlib', ms: 400 }), pool.run({ kind: 'zlib', ms: 400 })];
  setTimeout(async () => {
    await pool.close();
    console.log('closed after', (await Promise.all(jobs)).length, 'jobs');
  }, 100);
}`,
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: processScript,
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await rm(workerScript, { force: true });
  await rm(processScript, { force: true });
});

const newPool = (options: { size: number; closeGraceMs?: number; workerData?: unknown }) =>
  new WorkerPool<TestJob, TestResult>(workerScript, { name: 'test', ...options });

describe('WorkerPool', () => {
  it('runs jobs on the least busy workers, with their workerData; results match their jobs', async () => {
    const pool = newPool({ size: 2, workerData: { tag: 'w' } });
    // Async jobs overlap in a worker: the later ones finish first, yet each promise gets its own job's result.
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((value) => pool.run({ kind: 'sleep', value, ms: 60 - 10 * value })));
    expect(results.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    expect(results.filter((r) => r.threadId === results[0]!.threadId)).toHaveLength(3);
    expect(results[0]!.tag).toEqual({ tag: 'w' });
    await pool.close();
  });

  it('a worker runs synchronous jobs in submission order and keeps its state; `worker` picks the worker', async () => {
    const pool = newPool({ size: 3 });
    const finished: number[] = [];
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((value) => pool.run({ kind: 'echo', value }, { worker: 1 }).then((r) => (finished.push(value), r))),
    );
    expect(finished).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.count)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(1);
    const other = await pool.run({ kind: 'echo', value: 9 }, { worker: 2 });
    expect(other.count).toBe(1);
    expect(other.threadId).not.toBe(results[0]!.threadId);
    await expect(pool.run({ kind: 'echo', value: 0 }, { worker: 3 })).rejects.toThrow('test worker pool: no worker 3 (size 3)');
    await pool.close();
  });

  it('transfers buffers to the worker and back', async () => {
    const pool = newPool({ size: 1 });
    const data = new Float32Array([1, 2, 3]);
    const result = await pool.run({ kind: 'double', data }, { transfer: [data.buffer] });
    expect(data.byteLength).toBe(0); // moved, not copied
    expect([...result.data!]).toEqual([2, 4, 6]);
    await pool.close();
  });

  it('a job that throws rejects that job alone, with its message and the worker stack', async () => {
    const pool = newPool({ size: 1 });
    const failing = pool.run({ kind: 'fail', value: 3 });
    await expect(failing).rejects.toThrow(/^job 3 failed$/);
    await expect(failing).rejects.toHaveProperty('stack', expect.stringContaining('pool-worker-'));
    expect((await pool.run({ kind: 'echo', value: 4 })).value).toBe(4);
    expect(pool.error).toBeNull();
    await pool.close();
  });

  it('a crashed worker breaks the pool: unanswered and later jobs fail with its error, every worker exits', async () => {
    const live = workerPoolCounts().live;
    const pool = newPool({ size: 2 });
    const sleeping = pool.run({ kind: 'sleep', value: 1, ms: 300 }, { worker: 1 });
    await expect(pool.run({ kind: 'crash' }, { worker: 0 })).rejects.toThrow('test worker 0 failed: boom');
    await expect(sleeping).rejects.toThrow('test worker 0 failed: boom');
    expect(pool.error?.message).toBe('test worker 0 failed: boom');
    await expect(pool.run({ kind: 'echo', value: 1 })).rejects.toThrow('test worker 0 failed: boom');
    await pool.close();
    expect(workerPoolCounts().live).toBe(live);
  });

  it('close() in the middle of jobs lets them finish, then the workers exit by themselves', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    try {
      const before = workerPoolCounts();
      const pool = newPool({ size: 2 });
      expect(workerPoolCounts().started - before.started).toBe(2);
      expect(workerPoolCounts().live - before.live).toBe(2);
      const jobs = [pool.run({ kind: 'zlib', ms: 300 }), pool.run({ kind: 'sleep', value: 5, ms: 300 })];
      await sleep(100); // both under way
      await pool.close();
      expect(pool.closed).toBe(true);
      await expect(jobs[0]).resolves.toMatchObject({ count: 1 });
      await expect(jobs[1]).resolves.toMatchObject({ value: 5 });
      expect(terminate).not.toHaveBeenCalled();
      expect(workerPoolCounts().live).toBe(before.live);
      await expect(pool.run({ kind: 'echo', value: 1 })).rejects.toThrow('test worker pool: closed');
      await pool.close(); // idempotent
    } finally {
      terminate.mockRestore();
    }
  });

  it('close() terminates a worker still busy after closeGraceMs and rejects its job', async () => {
    const live = workerPoolCounts().live;
    const pool = newPool({ size: 1, closeGraceMs: 200 });
    const spinning = pool.run({ kind: 'spin' });
    await sleep(50);
    await pool.close();
    await expect(spinning).rejects.toThrow('test worker 0 was terminated, still busy 200 ms after close()');
    expect(workerPoolCounts().live).toBe(live);
  });

  it('in a process: an idle pool left open lets it exit; close() during node:zlib calls exits cleanly', () => {
    const idle = spawnSync(process.execPath, [processScript, workerScript, 'idle'], { encoding: 'utf8', timeout: 30_000 });
    expect(idle.stderr).toBe('');
    expect(idle.stdout.trim()).toBe('left open after 1');
    expect(idle.status).toBe(0);
    const closing = spawnSync(process.execPath, [processScript, workerScript, 'zlib'], { encoding: 'utf8', timeout: 30_000 });
    expect(closing.stderr).toBe('');
    expect(closing.stdout.trim()).toBe('closed after 2 jobs');
    expect(closing.status).toBe(0); // not 134 (abort)
  });
});
