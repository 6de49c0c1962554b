/**
 * A command line that cannot be understood (unknown or missing option, bad value). A CLI's main prints it as
 * `name: message` followed by the usage and exits with code 2 (`reportCliError`).
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
