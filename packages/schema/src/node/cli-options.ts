import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

// The option kit of every LIP command-line tool: node:util `parseArgs` in strict mode, then typed converters for
// the string values it returns. Every mistake is a `UsageError` whose message names the option and what was
// expected, e.g. `--epochs must be an integer ≥ 1, got "2.5"`.

/** An options table, as node:util `parseArgs` takes it. */
export type OptionsTable = NonNullable<ParseArgsConfig['options']>;

/** What `parseOptions` returns for the options table `T`: `{ values, positionals }`, typed from the table. */
export type ParsedOptions<T extends OptionsTable> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>
>;

export interface ParseOptionsSettings {
  /** Accept positional arguments (in `positionals`). Default false: any is a usage error. */
  readonly positionals?: boolean;
}

/** node:util `parseArgs` in strict mode on `args`; unknown options, missing values etc. are `UsageError`s. */
export function parseOptions<T extends OptionsTable>(args: readonly string[], options: T, settings: ParseOptionsSettings = {}): ParsedOptions<T> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: settings.positionals ?? false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const got = (value: string): string => `got ${JSON.stringify(value)}`;

/** The value of an option that must be given (and not empty). */
export function requiredOption(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  if (value === '') throw new UsageError(`--${name} must not be empty`);
  return value;
}

/** Bounds of a numeric option, inclusive. */
export interface NumericBounds {
  readonly min?: number;
  readonly max?: number;
}

function bounds({ min, max }: NumericBounds): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return '';
}

function inBounds(n: number, { min, max }: NumericBounds): boolean {
  return (min === undefined || n >= min) && (max === undefined || n <= max);
}

/** A decimal integer (optional minus sign, digits only: not `1e3`, `0x10`, `2.0` or ``). */
function parseInteger(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** A finite decimal number, or with `fractions` also `a/b` (as `1/32`). */
function parseNumber(text: string, fractions: boolean): number | null {
  const t = text.trim();
  const slash = fractions ? t.indexOf('/') : -1;
  if (slash >= 0) {
    const a = parseNumber(t.slice(0, slash), false);
    const b = parseNumber(t.slice(slash + 1), false);
    return a === null || b === null || b === 0 ? null : a / b;
  }
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** An integer option; absent: `default`, or undefined without one. */
export function integerOption(value: string | undefined, name: string, rule: NumericBounds & { readonly default: number }): number;
export function integerOption(value: string | undefined, name: string, rule?: NumericBounds): number | undefined;
export function integerOption(value: string | undefined, name: string, rule: NumericBounds & { readonly default?: number } = {}): number | undefined {
  if (value === undefined) return rule.default;
  const n = parseInteger(value);
  if (n === null || !inBounds(n, rule)) throw new UsageError(`--${name} must be an integer${bounds(rule)}, ${got(value)}`);
  return n;
}

/** Rules of a number option. */
export interface NumberRule extends NumericBounds {
  /** Greater than 0 (besides `min` / `max`). */
  readonly positive?: boolean;
  /** Also accept a fraction `a/b` (as `1/32`). */
  readonly fractions?: boolean;
}

function describeNumber(rule: NumberRule, plural: boolean): string {
  const kind = plural ? 'numbers' : 'number';
  return `${rule.positive ? `positive ${kind}` : kind}${bounds(rule)}`;
}

function numberFits(n: number, rule: NumberRule): boolean {
  return inBounds(n, rule) && (!rule.positive || n > 0);
}

/** A number option; absent: `default`, or undefined without one. */
export function numberOption(value: string | undefined, name: string, rule: NumberRule & { readonly default: number }): number;
export function numberOption(value: string | undefined, name: string, rule?: NumberRule): number | undefined;
export function numberOption(value: string | undefined, name: string, rule: NumberRule & { readonly default?: number } = {}): number | undefined {
  if (value === undefined) return rule.default;
  const n = parseNumber(value, rule.fractions ?? false);
  if (n === null || !numberFits(n, rule)) {
    const fraction = rule.fractions ? ' (or a fraction like 1/32)' : '';
    throw new UsageError(`--${name} must be a ${describeNumber(rule, false)}${fraction}, ${got(value)}`);
  }
  return n;
}

/** Rules of a comma-separated list of numbers. */
export interface ListRule extends NumberRule {
  /** Items must be integers. */
  readonly integers?: boolean;
  /** Exactly this many items. */
  readonly length?: number;
}

/** A comma-separated list of numbers (`1,0.75,0.5`); absent: `default`, or undefined without one. */
export function listOption(value: string | undefined, name: string, rule: ListRule & { readonly default: readonly number[] }): number[];
export function listOption(value: string | undefined, name: string, rule?: ListRule): number[] | undefined;
export function listOption(value: string | undefined, name: string, rule: ListRule & { readonly default?: readonly number[] } = {}): number[] | undefined {
  if (value === undefined) return rule.default === undefined ? undefined : [...rule.default];
  const items = value.split(',').map((item) => (rule.integers ? parseInteger(item) : parseNumber(item, rule.fractions ?? false)));
  const fits = items.every((n) => n !== null && numberFits(n, rule)) && (rule.length === undefined || items.length === rule.length);
  if (!fits) {
    const what = rule.integers ? `${rule.positive ? 'positive integers' : 'integers'}${bounds(rule)}` : describeNumber(rule, true);
    throw new UsageError(`--${name} must be a comma list of ${rule.length === undefined ? '' : `${rule.length} `}${what}, ${got(value)}`);
  }
  return items as number[];
}

/** An option whose value is one of `choices`; absent: `default`, or undefined without one. */
export function choiceOption<const T extends string>(value: string, name: string, choices: readonly T[]): T;
export function choiceOption<const T extends string>(value: string | undefined, name: string, choices: readonly T[], rule: { readonly default: NoInfer<T> }): T;
export function choiceOption<const T extends string>(value: string | undefined, name: string, choices: readonly T[], rule?: { readonly default?: undefined }): T | undefined;
export function choiceOption<const T extends string>(value: string | undefined, name: string, choices: readonly T[], rule: { readonly default?: T } = {}): T | undefined {
  if (value === undefined) return rule.default;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, ${got(value)}`);
  return value as T;
}
