/** A malformed row in a LIP pose CSV; names the file and the 1-based line. */
export class PoseCsvError extends Error {
  override readonly name = 'PoseCsvError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}
