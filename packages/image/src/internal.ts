// @lip/image/internal: the building blocks of the resamplers, for @lip/dataset's fused training slots. No semver
// promise: these change with the slots that use them.
export { horizontalPillowPass, type HorizontalPillowPass, type OutputRegion } from './resample/pillow-bilinear-resize.js';
export {
  PILLOW_PRECISION_BITS,
  PILLOW_ONE,
  PILLOW_HALF,
  identityTaps,
  pillowBilinearTaps,
  tapsInputRange,
  type ResampleTaps,
} from './resample/pillow-bilinear-taps.js';
export { horizontalPassRgb, horizontalPassGeneral, verticalPassBytes, verticalPassMeanSubtracted } from './resample/pillow-resample-passes.js';
export { MAX_SIMD_TAPS, resampleWasmKernels, setResampleWasmEnabled, type ResampleWasmKernels } from './resample/resample-wasm-kernels.js';
export { zoomNearestSourceIndices } from './resample/scipy-zoom-nearest.js';
export { nearestSourceIndicesTf1 } from './resample/tf1-resize.js';
export { scratchBytes } from './resample/scratch-bytes.js';
export { writeMeanSubtracted } from './input/write-mean-subtracted.js';
