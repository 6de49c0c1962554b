import { execFileSync } from 'node:child_process';

/** One point of the curves in a starting point's `provenance.json`. */
export interface CurvePoint {
  readonly step: number;
  readonly value: number;
}

/** The commit the provenance was written at ('unknown' outside a git checkout). */
export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
