import {
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * Composes a kernel out of the backend's own registered kernels, the way tfjs backends do
 * internally: no engine bookkeeping, no tape, and every intermediate is freed by the caller.
 */
export class KernelCalls {
  private readonly owned: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Runs `kernelName` on this backend; the result is freed by `dispose()` unless `keep`. */
  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, this.backendName);
    if (kernel == null) {
      throw new Error(`@lip/runtime: kernel '${kernelName}' is not registered for backend '${this.backendName}'`);
    }
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend }) as TensorInfo;
    this.owned.push(out);
    return out;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  concat(tensors: TensorInfo[], axis: number): TensorInfo {
    return tensors.length === 1 ? tensors[0]! : this.run('Concat', tensors as unknown as NamedTensorInfoMap, { axis });
  }

  /** Zero-pads (positive amounts) or crops (negative amounts) each axis. */
  padOrCrop(x: TensorInfo, amounts: Array<[number, number]>): TensorInfo {
    let out = x;
    if (amounts.some(([a, b]) => a > 0 || b > 0)) {
      const paddings = amounts.map(([a, b]) => [Math.max(a, 0), Math.max(b, 0)]);
      out = this.run('PadV2', { x: out }, { paddings, constantValue: 0 });
    }
    if (amounts.some(([a, b]) => a < 0 || b < 0)) {
      const begin = amounts.map(([a]) => Math.max(-a, 0));
      const size = amounts.map(([a, b], axis) => out.shape[axis]! - Math.max(-a, 0) - Math.max(-b, 0));
      out = this.run('Slice', { x: out }, { begin, size });
    }
    return out;
  }

  /** A float32 constant on this backend, freed by `dispose()`. */
  constant(values: Float32Array, shape: number[]): TensorInfo {
    return this.own({ dataId: this.backend.write(values, shape, 'float32'), shape, dtype: 'float32' });
  }

  scalar(value: number): TensorInfo {
    return this.constant(Float32Array.of(value), []);
  }

  /** Tracks `x` (made outside `run`, e.g. a constant) so that `dispose()` frees it. */
  own(x: TensorInfo): TensorInfo {
    this.owned.push(x);
    return x;
  }

  /** Stops tracking `x`, so `dispose()` leaves it alive (it becomes the kernel's output). */
  keep(x: TensorInfo): TensorInfo {
    const i = this.owned.lastIndexOf(x);
    if (i >= 0) this.owned.splice(i, 1);
    return x;
  }

  /** Frees `x` now (e.g. a large intermediate that is no longer needed) instead of at `dispose()`. */
  release(x: TensorInfo): void {
    this.keep(x);
    this.backend.disposeData(x.dataId);
  }

  dispose(): void {
    for (const t of this.owned) this.backend.disposeData(t.dataId);
    this.owned.length = 0;
  }
}
