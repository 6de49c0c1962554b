// @lip/runtime/internal: alternative implementations kept for benchmarks and tests. No semver promise.
export { atrousConv2dBySpaceToBatch } from './ops/atrous-conv2d.js';
export type { AtrousPadding } from './ops/atrous-geometry.js';
