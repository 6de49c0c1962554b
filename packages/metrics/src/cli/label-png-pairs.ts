import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One image to evaluate: its id and the two label PNG paths. */
export interface LabelPngPair {
  id: string;
  gtPath: string;
  predPath: string;
}

/** Ids from a list file: one per line, blank lines skipped, a trailing image extension removed. */
export function readIdList(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the id list ${file}: ${(error as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.replace(/\.(png|jpe?g)$/i, ''));
}

/**
 * Pairs `<id>.png` in the ground-truth and prediction folders: the listed ids, or every ground-truth PNG
 * (sorted by id) without a list. A missing file is an error naming the id.
 */
export function pairLabelPngs(gtDir: string, predDir: string, ids?: readonly string[]): LabelPngPair[] {
  for (const [what, dir] of [
    ['ground-truth', gtDir],
    ['prediction', predDir],
  ] as const) {
    if (!existsSync(dir)) throw new Error(`${what} folder ${dir} does not exist`);
  }
  // One directory listing per folder instead of a stat per file: thousands of ids are paired in milliseconds.
  const gtFiles = new Set(readdirSync(gtDir));
  const predFiles = new Set(readdirSync(predDir));
  const chosen =
    ids ??
    [...gtFiles]
      .filter((name) => name.toLowerCase().endsWith('.png'))
      .map((name) => name.slice(0, -4))
      .sort();
  if (chosen.length === 0) throw new Error(ids ? 'the id list is empty' : `no .png files in ${gtDir}`);
  const seen = new Set<string>();
  return chosen.map((id) => {
    if (seen.has(id)) throw new Error(`image ${id} is listed twice`);
    seen.add(id);
    const gtPath = path.join(gtDir, `${id}.png`);
    const predPath = path.join(predDir, `${id}.png`);
    if (ids && !gtFiles.has(`${id}.png`) && !existsSync(gtPath)) throw new Error(`no ground truth for image ${id}: ${gtPath} does not exist`);
    if (!predFiles.has(`${id}.png`) && !existsSync(predPath)) throw new Error(`no prediction for image ${id}: ${predPath} does not exist`);
    return { id, gtPath, predPath };
  });
}
