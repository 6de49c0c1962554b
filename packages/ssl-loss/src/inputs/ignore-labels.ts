/** Label value JPPNet and the caffe SSL use for ignored pixels. */
export const IGNORE_LABEL = 255;

/** Label value SS-NAN pads with (its one-hot encoding turns it into an all-zero row). */
export const SSNAN_PAD_LABEL = 240;

/** Label values every loss skips by default: 255 (JPPNet, caffe) and 240 (SS-NAN padding). */
export const DEFAULT_IGNORE_LABELS: readonly number[] = Object.freeze([IGNORE_LABEL, SSNAN_PAD_LABEL]);
