// @lip/metrics/node: the Node-only part of the package (it uses node:zlib and node:fs), kept out of the
// universal entry so that `@lip/metrics` still bundles for browsers.
export { decodeLabelPng } from './label-png-decoder.js';
export type { DecodedLabelPng } from './label-png-decoder.js';
export { readLabelPng } from './read-label-png.js';
