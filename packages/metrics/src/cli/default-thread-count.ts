import { availableParallelism, loadavg } from 'node:os';

/** Below this many images, starting worker threads costs more than it saves (unless --threads is given). */
export const AUTO_THREADS_MIN_IMAGES = 64;

/**
 * The default of `--threads` (worker threads; the main thread evaluates alongside them): one evaluating thread per
 * core not already busy (the available cores minus the whole part of the 1-minute load average, as `make -l`
 * reasons), at least 2 on a machine with 2 cores or more; the main thread is one of them. The load
 * average lags by a minute, so it counts processes that have just finished (a previous evaluation, a benchmark's
 * previous command) as busy: measured on 2 cores at load ~1, two workers were 1.3x faster than the main thread
 * alone; on a core-bound machine (load 6) they were 1.15x slower, a smaller loss. On one core, or for fewer than
 * `AUTO_THREADS_MIN_IMAGES` images, the main thread works alone (0). `os.loadavg()` is [0, 0, 0] on Windows.
 */
export function defaultThreadCount(images: number, cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  if (images < AUTO_THREADS_MIN_IMAGES || cores < 2) return 0;
  return Math.max(2, Math.min(cores, cores - Math.floor(load))) - 1;
}
