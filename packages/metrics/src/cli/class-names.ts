import { readFileSync } from 'node:fs';
import { LIP_CLASS_NAMES } from '@lip/schema';

/**
 * `--classes lip` (default): the 20 LIP names. `--classes FILE`: one class name per line (class id = line
 * index; trailing blank lines ignored), or a JSON array of names.
 */
export function loadClassNames(spec: string | undefined): string[] {
  if (spec === undefined || spec === 'lip') return [...LIP_CLASS_NAMES];
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch (error) {
    throw new Error(`--classes: cannot read ${spec} (${(error as Error).message}); use 'lip' or a file with one class name per line`);
  }
  let names: string[];
  if (text.trimStart().startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((n) => typeof n === 'string')) throw new Error(`--classes: ${spec} must be a JSON array of strings`);
    names = parsed as string[];
  } else {
    names = text.replace(/\s+$/, '').split(/\r?\n/).map((line) => line.trim());
  }
  if (names.length === 0 || names.some((n) => n === '')) throw new Error(`--classes: ${spec} has an empty class name`);
  return names;
}
