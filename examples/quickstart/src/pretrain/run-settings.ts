/**
 * A pretrain run directory holds checkpoints, a cached curve and (SS-NAN) head finetunes of one config: resuming it
 * with other settings would mix two trainings. Throws, naming each setting that differs, when `saved` (what the
 * directory was started with) and `expected` disagree on a key of `expected`.
 */
export function checkRunSettings(runDir: string, saved: Record<string, unknown>, expected: Record<string, unknown>): void {
  const differing = Object.keys(expected).filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(expected[key]));
  if (differing.length > 0) {
    throw new Error(
      `${runDir} was started with other settings (${differing.map((k) => `${k} ${JSON.stringify(saved[k])}, expected ${JSON.stringify(expected[k])}`).join('; ')}): ` +
        'give another --out, or remove it to start afresh',
    );
  }
}
