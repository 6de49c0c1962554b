// @lip/schema/node: the label-PNG codec, on node:zlib (and node:fs for readLabelPng); kept out of the universal
// entry so that `@lip/schema` bundles for browsers.
export { LabelPngDecoder, decodeLabelPng } from './label-png-decoder.js';
export { readLabelPng } from './read-label-png.js';
export { encodeLabelPng, encodePalettePng } from './encode-label-png.js';
export { warmUpLabelPngDecoder } from './warm-up-label-png-decoder.js';
// The command-line kit of every LIP CLI (node:util parseArgs, typed option values, one UsageError).
export { UsageError } from './usage-error.js';
export {
  parseOptions,
  requiredOption,
  integerOption,
  numberOption,
  listOption,
  choiceOption,
  type OptionsTable,
  type ParsedOptions,
  type ParseOptionsSettings,
  type NumericBounds,
  type NumberRule,
  type ListRule,
} from './cli-options.js';
export { reportCliError, type ReportCliErrorOptions } from './report-cli-error.js';
// Worker threads: the pool (main thread) and the job loop of its worker scripts.
export { WorkerPool, workerPoolCounts, type WorkerPoolOptions, type WorkerPoolRunOptions } from './worker-pool.js';
export { serveWorkerJobs, type ServeWorkerJobsOptions } from './serve-worker-jobs.js';
