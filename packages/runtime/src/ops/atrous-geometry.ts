/** Padding of one spatial axis for a stride-1 dilated convolution, in TensorFlow's convention. */
export interface AtrousAxis {
  /** Zeros before the input ('same': ⌊(effective − 1)/2⌋, as TF and Keras). */
  before: number;
  /** Zeros after the input, as the forward convolution pads. */
  after: number;
  /** Extra zeros after, so the padded length is a multiple of the rate (space-to-batch). */
  extra: number;
  /** Output length. */
  out: number;
}

export type AtrousPadding = 'same' | 'valid';

export function atrousAxis(length: number, kernel: number, rate: number, padding: AtrousPadding): AtrousAxis {
  const effective = (kernel - 1) * rate + 1;
  const total = padding === 'same' ? effective - 1 : 0;
  const before = Math.floor(total / 2);
  const after = total - before;
  const out = length + total - effective + 1;
  if (out <= 0) {
    throw new Error(`@lip/runtime: atrous conv with kernel ${kernel} and rate ${rate} ('${padding}') needs an input of at least ${effective}, got ${length}`);
  }
  const padded = length + total;
  const extra = (rate - (padded % rate)) % rate;
  return { before, after, extra, out };
}

/** How a dilated conv maps onto space-to-batch: block shape, paddings for x, crops for the output. */
export interface SpaceToBatchPlan {
  block: [number, number];
  /** spaceToBatchND paddings for x: the forward padding plus zeros up to a multiple of the rate. */
  inputPadding: [[number, number], [number, number]];
  /** batchToSpaceND crops for the conv output: the extra rows and columns. */
  outputCrops: [[number, number], [number, number]];
  /** Rows/columns the output gradient must be padded by before spaceToBatchND. */
  extra: [number, number];
}

export function spaceToBatchPlan(
  inputShape: readonly number[],
  filterShape: readonly number[],
  rate: number | readonly [number, number],
  padding: AtrousPadding,
): SpaceToBatchPlan {
  const [rateH, rateW] = typeof rate === 'number' ? [rate, rate] : rate;
  const rows = atrousAxis(inputShape[1]!, filterShape[0]!, rateH, padding);
  const cols = atrousAxis(inputShape[2]!, filterShape[1]!, rateW, padding);
  return {
    block: [rateH, rateW],
    inputPadding: [[rows.before, rows.after + rows.extra], [cols.before, cols.after + cols.extra]],
    outputCrops: [[0, rows.extra], [0, cols.extra]],
    extra: [rows.extra, cols.extra],
  };
}
