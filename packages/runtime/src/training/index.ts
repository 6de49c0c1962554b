export { SlotOptimizer } from './slot-optimizer.js';
export { PolyAdamOptimizer } from './poly-adam-optimizer.js';
export { KerasSGD, type KerasSGDOptions, type VariablePattern, type NamedWeightsSource, type NamedTensor } from './keras-sgd.js';
export { polyDecay, type PolyDecayOptions, type LearningRateSchedule, type TrainingProgress } from './learning-rate-schedule.js';
export {
  train,
  type TrainOptions,
  type TrainOptimizer,
  type CheckpointOptions,
  type StepContext,
  type StepRecord,
  type EpochRecord,
  type TrainingHistory,
} from './train.js';
export { selectTrainableLayers, leafLayers, type TrainableSelection, type TrainableLayers } from './layer-selection.js';
export { applyBatchNormMode, batchNormLayers, type BatchNormMode, type BatchNormModeSelection } from './batch-norm-mode.js';
export { withDropoutSeed, nextDropoutSeed } from './dropout-seed-scope.js';
export {
  memoryCheckpointStore,
  type CheckpointStore,
  type TrainingCheckpoint,
  type TrainingState,
  type NamedArray,
} from './checkpoint-store.js';
export { skipBatches, disposeBatch, type TrainingBatch, type TrainingData, type BatchFactory, type BatchRequest } from './training-data.js';
export {
  createProgressReporter,
  formatDuration,
  type ProgressReporter,
  type ProgressOptions,
  type ProgressStream,
  type StepProgress,
  type EpochProgress,
} from './progress-reporter.js';
export { TrainingDivergedError } from './training-diverged-error.js';
