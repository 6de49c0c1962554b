/**
 * Internal (not exported by the package): a decoder's exact knowledge of which rows of a label map repeat the
 * row above, attached to the `{data, width, height}` it returns. `hint[y]` non-zero means row y equals row y - 1.
 * `ConfusionMatrix.update` then counts such rows without reading them (when both maps carry a hint). Only the
 * CLI's own decoder attaches it, to maps that nothing modifies before they are counted.
 */
export const ROW_REPEATS = Symbol('lip-metrics row repeats');

export interface RowRepeatHint {
  [ROW_REPEATS]?: Uint8Array;
}
