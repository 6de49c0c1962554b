/** TensorFlow's DataType enum (types.proto), by number, with the byte size of fixed-size types. */
const TF_DTYPES: Record<number, { name: string; bytes?: number }> = {
  1: { name: 'float32', bytes: 4 },
  2: { name: 'float64', bytes: 8 },
  3: { name: 'int32', bytes: 4 },
  4: { name: 'uint8', bytes: 1 },
  5: { name: 'int16', bytes: 2 },
  6: { name: 'int8', bytes: 1 },
  7: { name: 'string' },
  8: { name: 'complex64', bytes: 8 },
  9: { name: 'int64', bytes: 8 },
  10: { name: 'bool', bytes: 1 },
  14: { name: 'bfloat16', bytes: 2 },
  17: { name: 'uint16', bytes: 2 },
  18: { name: 'complex128', bytes: 16 },
  19: { name: 'float16', bytes: 2 },
  20: { name: 'resource' },
  21: { name: 'variant' },
  22: { name: 'uint32', bytes: 4 },
  23: { name: 'uint64', bytes: 8 },
};

export function tfDtypeName(dtype: number): string {
  return TF_DTYPES[dtype]?.name ?? `DataType(${dtype})`;
}

export function tfDtypeBytes(dtype: number): number | undefined {
  return TF_DTYPES[dtype]?.bytes;
}
