/**
 * A conversion that cannot go ahead: a missing or unrecognised input, a config that does not fit, an output folder
 * that is not a web model. The message names the file and says what was expected. (Weight files that do not match
 * the network fail with the loaders' own `WeightImportError`, whose messages list the tensors.)
 */
export class ConvertError extends Error {
  override name = 'ConvertError';
}
