// Test helpers for packages built on @lip/runtime: which backends to test on, and value comparison.
export { testBackends, onBackend, relativeError, seededTensor } from './testing/test-backends.js';
export {
  snapshotTfjsRegistries,
  registryChanges,
  registryChangesOf,
  TRAINING_REGISTRATIONS,
  type TfjsRegistrySnapshot,
} from './testing/registry-snapshot.js';
export {
  fixtureFolder,
  decodeFloat32,
  decodeInt32,
  fixtureTensor,
  type FixtureFolder,
  type EncodedArray,
  type FlatArray,
} from './testing/fixtures.js';
export { serveDirectory, type StaticServer, type StaticResponse } from './testing/static-server.js';
export { noiseRgbImage, mirrorRgbImage } from './testing/test-images.js';
export { humanParserContract, type HumanParserContractSpec, type ContractCase } from './testing/human-parser-contract.js';
