import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSyntheticLip } from '@lip/dataset/synthetic';

export interface SyntheticDataSpec {
  readonly size: number;
  readonly train: number;
  readonly val: number;
  readonly seed: number;
}

const MARKER = 'quickstart-data.json';

/** The cache folder of one synthetic mini-LIP under `dataRoot` (one per spec, so changing it never mixes data). */
export function syntheticDataDir(dataRoot: string, spec: SyntheticDataSpec): string {
  return join(dataRoot, `mini-lip-${spec.size}px-${spec.train}-${spec.val}-seed${spec.seed}`);
}

/**
 * Generates the synthetic mini-LIP (official LIP layout, `@lip/dataset/synthetic`) unless a complete copy is
 * cached: the marker file is written last, so an interrupted generation is redone. Returns its root and
 * whether it was generated now.
 */
export async function ensureSyntheticLip(dataRoot: string, spec: SyntheticDataSpec): Promise<{ root: string; generated: boolean }> {
  const root = syntheticDataDir(dataRoot, spec);
  const marker = join(root, MARKER);
  const cached = await readFile(marker, 'utf8').then((t) => JSON.parse(t) as SyntheticDataSpec, () => null);
  if (cached && cached.size === spec.size && cached.train === spec.train && cached.val === spec.val && cached.seed === spec.seed) {
    return { root, generated: false };
  }
  await rm(root, { recursive: true, force: true });
  await writeSyntheticLip(root, { train: spec.train, val: spec.val, size: spec.size, seed: spec.seed });
  await writeFile(marker, `${JSON.stringify(spec)}\n`);
  return { root, generated: true };
}
