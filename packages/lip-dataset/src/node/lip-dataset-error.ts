/** Bad input in a LIP dataset: names the file and the image id concerned. */
export class LipDatasetError extends Error {
  override readonly name = 'LipDatasetError';
  constructor(
    readonly file: string,
    readonly id: string | null,
    readonly reason: string,
  ) {
    super(`${id !== null ? `id "${id}": ` : ''}${reason} (${file})`);
  }
}
