import { UsageError } from './usage-error.js';

export interface ReportCliErrorOptions {
  /** The usage text printed after a `UsageError` (a blank line comes between them). */
  readonly usage: string;
  /** Where the report goes; it receives the whole text, ending with a newline. Default: process.stderr. */
  readonly write?: (text: string) => void;
  /**
   * Whether an error other than a `UsageError` is printed with its stack rather than its message alone: true for
   * errors the user cannot fix by changing the command line (bugs). Default false.
   */
  readonly stack?: boolean | ((error: unknown) => boolean);
}

/**
 * Prints the error that ended a CLI's main and returns the exit code: for a `UsageError`, `name: message`, a blank
 * line and the usage, exit code 2; for anything else `name: message` (or `name: stack`), exit code 1.
 *
 *     try { … } catch (error) { return reportCliError('lip-metrics', error, { usage: USAGE }); }
 */
export function reportCliError(name: string, error: unknown, options: ReportCliErrorOptions): 1 | 2 {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  if (error instanceof UsageError) {
    write(`${name}: ${error.message}\n\n${options.usage.replace(/\n*$/, '\n')}`);
    return 2;
  }
  const withStack = typeof options.stack === 'function' ? options.stack(error) : (options.stack ?? false);
  const text = error instanceof Error ? (withStack && error.stack ? error.stack : error.message) : String(error);
  write(`${name}: ${text}\n`);
  return 1;
}
