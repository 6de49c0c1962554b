/** A problem the user can fix (bad flag, missing dataset or model file): reported without a stack trace. */
export class TrainSsnanError extends Error {
  override name = 'TrainSsnanError';
}
