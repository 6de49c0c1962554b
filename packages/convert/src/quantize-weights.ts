import type { io } from '@tensorflow/tfjs-core';

/** How one float32 tensor is stored: its bytes and manifest `quantization`, or null to keep it float32. */
export type Float32Quantizer = (spec: io.WeightsManifestEntry, values: Float32Array) => { bytes: Uint8Array; quantization: NonNullable<io.WeightsManifestEntry['quantization']> } | null;

export interface QuantizedWeights {
  /** The manifest entries, the quantized ones with their `quantization`. */
  readonly specs: io.WeightsManifestEntry[];
  /** The weight bytes in manifest order. */
  readonly data: ArrayBuffer;
}

function concatenated(parts: readonly ArrayBuffer[] | readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of parts) {
    out.set(b instanceof Uint8Array ? b : new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/**
 * Rewrites a weights manifest and its bytes with each float32 tensor stored as `quantize` says; int32 and bool
 * tensors are copied. `who` names the caller in errors, which name the tensor when the data does not fit the manifest.
 */
export function quantizeFloat32Weights(who: string, specs: readonly io.WeightsManifestEntry[], data: io.WeightData, quantize: Float32Quantizer): QuantizedWeights {
  const bytes = Array.isArray(data) ? concatenated(data) : new Uint8Array(data);
  const parts: Uint8Array[] = [];
  const out: io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.quantization != null) throw new Error(`${who}: weight '${spec.name}' is already quantized (${spec.quantization.dtype})`);
    const width = spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : spec.dtype === 'bool' ? 1 : null;
    if (width == null) throw new Error(`${who}: weight '${spec.name}' has dtype ${spec.dtype}; expected float32, int32 or bool`);
    const size = count * width;
    if (offset + size > bytes.byteLength) throw new Error(`${who}: the weight data ends inside '${spec.name}' (needs bytes ${offset}–${offset + size} of ${bytes.byteLength})`);
    const raw = bytes.slice(offset, offset + size);
    offset += size;
    const stored = spec.dtype === 'float32' ? quantize(spec, new Float32Array(raw.buffer, raw.byteOffset, count)) : null;
    parts.push(stored?.bytes ?? raw);
    // `original_dtype` is what tensorflowjs_converter writes beside the quantized dtype; tfjs-core's type omits it.
    out.push(stored ? { ...spec, quantization: { ...stored.quantization, original_dtype: 'float32' } as io.WeightsManifestEntry['quantization'] } : { ...spec });
  }
  if (offset !== bytes.byteLength) throw new Error(`${who}: the manifest's tensors need ${offset} bytes but the weight data holds ${bytes.byteLength}`);
  return { specs: out, data: concatenated(parts).buffer };
}
