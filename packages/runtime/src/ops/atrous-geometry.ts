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
