import { readFileSync, writeFileSync } from 'node:fs';
import { ABSENT_CLASS_POLICIES } from '../absent-class-policy.js';
import { ConfusionMatrix } from '../confusion-matrix.js';
import { choiceOption, parseOptions, UsageError } from '@lip/schema/node';
import type { CliIO } from './cli-io.js';
import { loadClassNames } from './class-names.js';
import { formatParsingReport, parsingReportJSON } from './parsing-report.js';

export const MERGE_USAGE = `lip-metrics merge A.json B.json ... [options]

  Adds confusion matrices saved with 'lip-metrics parsing --save-matrix' (shards evaluated on different
  machines) and prints the metrics of the whole set, exactly as if it had been evaluated at once.

  --classes lip|FILE    class names (default lip)
  --policy nan-skip|zero  absent-class policy (default nan-skip)
  --json                print one JSON object instead of the table
  --out FILE            also write the merged confusion matrix JSON
`;

export function runMergeCommand(argv: string[], io: CliIO): void {
  const { values, positionals } = parseOptions(
    argv,
    { classes: { type: 'string' }, policy: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' } },
    { positionals: true },
  );
  if (positionals.length === 0) throw new UsageError('merge needs at least one confusion matrix JSON file');
  const policy = choiceOption(values.policy, 'policy', ABSENT_CLASS_POLICIES, { default: 'nan-skip' });
  let merged: ConfusionMatrix | undefined;
  for (const file of positionals) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
    const matrix = ConfusionMatrix.fromJSON(json, { source: file });
    try {
      merged = merged ? merged.merge(matrix) : matrix;
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  }
  const matrix = merged!;
  const names = values.classes === undefined && matrix.numClasses !== 20 ? Array.from({ length: matrix.numClasses }, (_, i) => `class ${i}`) : loadClassNames(values.classes);
  if (names.length !== matrix.numClasses) {
    throw new Error(`--classes gives ${names.length} names but the matrices have ${matrix.numClasses} classes`);
  }
  if (values.out !== undefined) writeFileSync(values.out, JSON.stringify(matrix.toJSON()) + '\n');
  const metrics = matrix.compute({ absentClassPolicy: policy });
  if (values.json) io.stdout(JSON.stringify(parsingReportJSON(metrics, matrix.images, names)) + '\n');
  else io.stdout(formatParsingReport(metrics, matrix.images, names, [`${positionals.length} shards`]));
}
