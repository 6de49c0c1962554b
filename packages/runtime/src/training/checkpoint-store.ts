/** A tensor's values, off the backend: what checkpoints store. */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

/** Where a run is, as JSON: everything but the tensors. */
export interface TrainingState {
  readonly format: 'lip-training-checkpoint';
  readonly version: 1;
  /** Optimizer steps done so far, in all runs of this training. */
  readonly step: number;
  /** The epoch to continue with (0-based). */
  readonly epoch: number;
  /** Batches of `epoch` already trained on: a resumed run asks the data for the rest. */
  readonly stepInEpoch: number;
  /** Batches pulled from a single-pass stream so far (stream data only). */
  readonly batchesDrawn: number;
  /** The run seed: with `step` it is the whole random state (dropout masks, `context.random`). */
  readonly seed: number;
  /** Loss of the last step before the checkpoint. */
  readonly loss: number | null;
  /** Why it was written. */
  readonly reason: 'every-steps' | 'epoch-end';
  readonly savedAt: string;
}

export interface TrainingCheckpoint {
  readonly state: TrainingState;
  /** The model's weights (trainable or not, BN moving statistics included) by tfjs-layers weight name, in `model.weights` order. */
  readonly weights: readonly NamedArray[];
  /** The optimizer's `getWeights()`: `iter`, then its slots. */
  readonly optimizer: readonly NamedArray[];
  /** `model.toJSON(null, false)` when the model serialises, so stores can write a loadable model. */
  readonly modelTopology?: unknown;
}

/**
 * Where `train()` keeps checkpoints. `save` must be atomic: after a crash, `load` returns the
 * previous complete checkpoint or the new one. `@lip/runtime/node` has `fileCheckpointStore(dir)`;
 * {@link memoryCheckpointStore} suits tests and browsers.
 */
export interface CheckpointStore {
  /** Stores a checkpoint and returns where (for messages). The arrays may be reused after it resolves. */
  save(checkpoint: TrainingCheckpoint): Promise<string>;
  /** The latest complete checkpoint, or null when there is none. */
  load(): Promise<TrainingCheckpoint | null>;
  /** A description of the store for messages (a directory, "memory"). */
  readonly location: string;
}

function copy(arrays: readonly NamedArray[]): NamedArray[] {
  return arrays.map((a) => ({ name: a.name, shape: [...a.shape], dtype: a.dtype, data: a.data.slice() }));
}

/** Keeps the latest checkpoint in memory (copied, so later training does not change it). */
export function memoryCheckpointStore(): CheckpointStore & { readonly saves: number; latest: TrainingCheckpoint | null } {
  let latest: TrainingCheckpoint | null = null;
  let saves = 0;
  return {
    location: 'memory',
    get saves() {
      return saves;
    },
    get latest() {
      return latest;
    },
    set latest(c: TrainingCheckpoint | null) {
      latest = c;
    },
    async save(checkpoint) {
      latest = { state: { ...checkpoint.state }, weights: copy(checkpoint.weights), optimizer: copy(checkpoint.optimizer), modelTopology: checkpoint.modelTopology };
      saves++;
      return `memory (step ${checkpoint.state.step})`;
    },
    async load() {
      return latest == null ? null : { ...latest, weights: copy(latest.weights), optimizer: copy(latest.optimizer) };
    },
  };
}
