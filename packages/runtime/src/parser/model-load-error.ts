/**
 * A model that cannot be loaded: its model.json or a weight shard is missing or unreadable, it is not a tfjs
 * layers model, or it is another model (metadata, class count, weights). The message names the URL or file.
 */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}
