export { setupNative, SetupNativeError, DEFAULT_TENSORFLOW_WHEEL, type SetupNativeOptions, type SetupNativeResult } from './native/setup-native.js';
export { findTfjsNode, isNativeBackendBuilt, tfjsNodeAddonPath } from './native/native-status.js';
