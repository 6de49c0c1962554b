/** The element type a tensor had in its file. float16 and float64 values are widened/narrowed to float32. */
export type WeightDtype = 'float32' | 'int64' | 'int32' | 'float16';

/** One stored tensor, with the (layer, role) pair it is matched by. */
export interface WeightTensor {
  /** Its name in the file: the dataset path under the weights root, or the checkpoint variable name. */
  name: string;
  /** Layer name, e.g. `conv1_1_3x3_s2` or, for a TF checkpoint, the variable path minus its last part. */
  layer: string;
  /** Keras weight role: kernel, bias, gamma, beta, moving_mean, moving_variance, depthwise_kernel, … */
  role: string;
  shape: number[];
  dtype: WeightDtype;
  /** Float32Array for float32/float16 (and narrowed float64), Int32Array for int32, BigInt64Array for int64. */
  values: Float32Array | Int32Array | BigInt64Array;
}

export interface WeightSource {
  format: 'keras2' | 'keras3-legacy' | 'tf-checkpoint';
  /** What the tensors were read from (a file name), for error messages. */
  description: string;
  tensors: WeightTensor[];
}

/** A weight file that cannot be read or does not match the model it is loaded into. */
export class WeightImportError extends Error {
  override name = 'WeightImportError';
}
