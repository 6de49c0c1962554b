import { registerFileUrlRouter } from './file-url-router.js';

// `file://` URLs work for model.save / tf.loadLayersModel as soon as the /node entry is imported.
registerFileUrlRouter();

export { nodeFileSystem, type NodeFileSystemHandler, type NodeFileSystemOptions } from './node-file-system.js';
export { registerFileUrlRouter } from './file-url-router.js';
export {
  writeDirectoryAtomically,
  writeFileAtomically,
  recoverInterruptedWrite,
  type DirectoryFile,
  type AtomicWriteHooks,
} from './atomic-directory.js';
export { isLocalModelPath, isDirectory, isFile, localModelJsonOf, readModelJsonFile, latestCheckpointOf } from './local-model-path.js';
