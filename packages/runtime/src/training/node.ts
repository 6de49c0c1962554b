export { fileCheckpointStore, type FileCheckpointStoreOptions } from './file-checkpoint-store.js';
