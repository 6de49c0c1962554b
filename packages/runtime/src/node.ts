export { setupNative, SetupNativeError, DEFAULT_TENSORFLOW_WHEEL, type SetupNativeOptions, type SetupNativeResult } from './native/setup-native.js';
export { findTfjsNode, isNativeBackendBuilt, tfjsNodeAddonPath } from './native/native-status.js';
export * from './weights/node.js';
export * from './io/node.js';
export * from './training/node.js';
