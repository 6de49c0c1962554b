/** How label maps are read by every function that takes them. */
export interface LabelOptions {
  /**
   * Label values that mark pixels to skip (no loss, no joint). Default `[255, 240]`: JPPNet's and
   * caffe's ignore label and SS-NAN's padding. Any other value outside `0..numClasses-1` is an error.
   */
  ignoreLabels?: readonly number[];
  /**
   * Check the label values (one small synchronous read per call). Default true. Turn off in a hot
   * loop once the data pipeline is trusted; out-of-range values then simply count as ignored.
   */
  validateLabels?: boolean;
}
