import { availableParallelism, loadavg } from 'node:os';

/** Below this many images, starting worker threads costs more than it saves (unless --threads is given). */
export const AUTO_THREADS_MIN_IMAGES = 64;

/**
 * The default of `--threads`: one worker per idle core, where the idle cores are the available cores minus the
 * 1-minute load average (as `make -l` does). Other busy processes already share the cores, and a worker on a
 * core that is not idle adds its start-up and warm-up without adding speed. With fewer than 2 idle cores, or
 * for fewer than `AUTO_THREADS_MIN_IMAGES` images, the main thread works alone (0). `os.loadavg()` is
 * [0, 0, 0] on Windows: every core counts as idle there.
 */
export function defaultThreadCount(images: number, cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  if (images < AUTO_THREADS_MIN_IMAGES) return 0;
  const idle = Math.min(cores, Math.round(cores - load));
  return idle >= 2 ? idle : 0;
}
