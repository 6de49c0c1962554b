import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';

/** What @lip/runtime uses of tfjs-node's backend: running a TensorFlow op by name (tfjs-node is not imported). */
export interface NativeBackend {
  binding: {
    TF_FLOAT: number;
    TF_ATTR_STRING: number;
    TF_ATTR_FLOAT: number;
    TF_ATTR_BOOL: number;
    TF_ATTR_TYPE: number;
  };
  executeSingleOutput(name: string, attrs: NativeOpAttr[], inputs: TensorInfo[]): Tensor;
  executeMultipleOutputs(name: string, attrs: NativeOpAttr[], inputs: TensorInfo[], numOutputs: number): Tensor[];
}

export interface NativeOpAttr {
  name: string;
  type: number;
  value: unknown;
}

/** Attributes of a float32 TensorFlow op: each named type attribute (`T`, `U`, ...) set to float. */
export function float32Attrs(backend: NativeBackend, typeAttrs: string[], others: Record<string, number | string | boolean>): NativeOpAttr[] {
  const b = backend.binding;
  const attrs: NativeOpAttr[] = typeAttrs.map((name) => ({ name, type: b.TF_ATTR_TYPE, value: b.TF_FLOAT }));
  for (const [name, value] of Object.entries(others)) {
    const type = typeof value === 'string' ? b.TF_ATTR_STRING : typeof value === 'boolean' ? b.TF_ATTR_BOOL : b.TF_ATTR_FLOAT;
    attrs.push({ name, type, value });
  }
  return attrs;
}
