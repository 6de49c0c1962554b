/** JPPNet `IMG_MEAN`, **BGR** order (`utils/lip_reader.py`). */
export const JPPNET_MEAN_BGR: readonly [number, number, number] = Object.freeze([
  104.00698793, 116.66876762, 122.67891434,
]) as readonly [number, number, number];
/** JPPNet training input side. */
export const JPPNET_INPUT_SIZE = 384;
/** Output stride of the JPPNet trunk: heatmaps are `inputSize / 8`. */
export const JPPNET_HEATMAP_STRIDE = 8;
/** Test-time scales of `evaluate_parsing_JPPNet-s2.py`, in its order. */
export const JPPNET_EVAL_SCALES: readonly number[] = Object.freeze([1.0, 0.75, 1.25]);
