/**
 * Thrown by `train()` when a step's loss is NaN or infinite. The optimizer update of that step was not
 * applied (BatchNorm moving statistics of its forward pass may have been); the last checkpoint is intact.
 */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';

  constructor(
    /** The global step (0-based) whose loss was not finite. */
    readonly step: number,
    readonly epoch: number,
    readonly stepInEpoch: number,
    readonly loss: number,
    /** The last checkpoint written (kept intact), if any. */
    readonly lastCheckpoint: { readonly step: number; readonly location: string } | null,
  ) {
    super(
      `train: loss is ${loss} at step ${step} (epoch ${epoch + 1}, batch ${stepInEpoch + 1}); no update was applied. ` +
        (lastCheckpoint != null ? `The last good checkpoint is step ${lastCheckpoint.step} at ${lastCheckpoint.location}.` : 'No checkpoint was written in this run.'),
    );
  }
}
