// The SS-NAN pipeline as a library: the CLI (cli.ts) and the quickstart both call these.
export { trainSsnan, type SsnanOptimizerChoice, type TrainSsnanOptions, type TrainSsnanResult, type TrainSettings } from './train-ssnan.js';
export { evaluateSsnan, evaluationToJSON, formatClassTable, formatHeadline, type EvaluateSsnanOptions, type EvaluatedImage, type EvaluationResult } from './evaluate-ssnan.js';
export { detectSsnan, type DetectSsnanOptions, type DetectedImage } from './detect-ssnan.js';
export { TRAIN_MODE_DEFAULTS, SSNAN_PIPELINE, trainModeDefaults, type TrainModeDefaults } from './train-mode-defaults.js';
export { resolveArchitecture, describeArchitecture, PUBLISHED_ARCHITECTURE, type SsnanArchitecture } from './architecture.js';
export { RunDirectory, findEnclosingRun, type RunManifest, type RunCheckpoint } from './run-directory.js';
export { resolveModelSource, NAMED_WEIGHT_FILES, type ModelSource } from './model-source.js';
export { openSsnanModel, type OpenedSsnan } from './open-ssnan-model.js';
export { TrainSsnanError } from './train-ssnan-error.js';
export { runCli, type CliIo } from './run-cli.js';
export { parseCommandLine, USAGE, type ParsedCommand } from './command-line.js';
