import { LIP_IGNORE_LABEL, SSNAN_PAD_LABEL } from '@lip/schema';

/** Label values every loss skips by default: 255 (JPPNet, caffe) and 240 (SS-NAN padding). */
export const DEFAULT_IGNORE_LABELS: readonly number[] = Object.freeze([LIP_IGNORE_LABEL, SSNAN_PAD_LABEL]);
