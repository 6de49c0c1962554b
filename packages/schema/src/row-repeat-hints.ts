/**
 * A label-PNG decoder's exact knowledge of which rows of a label map repeat the row above, attached under this
 * symbol to the `LabelMap` it returns when asked (`new LabelPngDecoder({ rowRepeatHints: true })` of
 * `@lip/schema/node`): `hint[y]` non-zero means row y equals row y − 1. `@lip/metrics`' `ConfusionMatrix.update`
 * then counts such rows without reading them, when both maps carry a hint. Attach it only to maps that nothing
 * modifies before they are counted.
 */
export const ROW_REPEATS = Symbol.for('@lip/schema row repeats');

export interface RowRepeatHint {
  [ROW_REPEATS]?: Uint8Array;
}
