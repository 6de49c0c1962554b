/**
 * How a class with no support enters per-class values and their means.
 *
 * - `'nan-skip'` (default; official LIP `test_human.py`, mmsegmentation, torchmetrics >= 1.9): a ratio with a
 *   zero denominator is NaN and is skipped by the mean. A class absent from the ground truth has accuracy NaN;
 *   a class absent from both ground truth and prediction has IoU and Dice NaN; a class predicted but absent
 *   from the ground truth has IoU 0, which is included.
 * - `'zero'` (SCHP, CE2P, HRNet `max(1, denominator)`): such ratios are 0 and every class is in the mean.
 *
 * The two agree whenever every class has ground-truth pixels (the full LIP val set).
 */
export type AbsentClassPolicy = 'nan-skip' | 'zero';

export const ABSENT_CLASS_POLICIES: readonly AbsentClassPolicy[] = ['nan-skip', 'zero'];

export function checkAbsentClassPolicy(policy: unknown): AbsentClassPolicy {
  if (policy === 'nan-skip' || policy === 'zero') return policy;
  throw new Error(`absentClassPolicy must be 'nan-skip' or 'zero', got ${JSON.stringify(policy)}`);
}
