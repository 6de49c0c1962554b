/**
 * Bad input to an @lip/ssl-loss function. The message names the function, the tensor or option,
 * what was expected and what was received.
 */
export class SslLossInputError extends Error {
  override name = 'SslLossInputError';
}
