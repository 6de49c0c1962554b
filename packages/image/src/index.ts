// @lip/image: pixel buffers for LIP parsing, no TensorFlow. Universal (Node and browsers).
export { resizeBilinearPillow } from './resample/pillow-bilinear-resize.js';
export { resizeLabelScipyZoomNearest } from './resample/scipy-zoom-nearest.js';
export { resizeBilinearTf1, resizeNearestTf1 } from './resample/tf1-resize.js';
export { prepareSsnanEval, type SsnanEvalOptions, type SsnanEvalSample } from './input/ssnan-eval.js';
export { colorizeLabelMap, type ColorizeOptions } from './draw/colorize-label-map.js';
export { blendOverlay, type BlendOverlayOptions } from './draw/blend-overlay.js';
export { drawSkeleton } from './draw/draw-skeleton.js';
export { drawMask, type DrawMaskOptions } from './draw/draw-mask.js';
export { drawKeypoints, type DrawKeypointsOptions } from './draw/draw-keypoints.js';
export type { DrawTarget, DrawableImage, CanvasLike } from './draw/draw-target.js';
