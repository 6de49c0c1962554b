// Synthetic mini-LIP: procedural people in LIP format, for tests, demos and quickstarts.
export { generateSyntheticSample, type SyntheticSample } from './synthetic/generate-synthetic-sample.js';
export { writeSyntheticLip, syntheticId, syntheticSampleIndex, type WriteSyntheticLipOptions, type WriteSyntheticLipResult } from './synthetic/write-synthetic-lip.js';
export { renderContactSheet } from './synthetic/contact-sheet.js';
export { type SyntheticOutfit, type TopGarment, type LowerGarment } from './synthetic/synthetic-outfit.js';
