import { dispose, Tensor, type NamedTensorMap } from '@tensorflow/tfjs-core';

/** One batch: model inputs and whatever the loss needs as targets. */
export interface TrainingBatch<T = unknown> {
  readonly inputs: Tensor | Tensor[] | NamedTensorMap;
  readonly targets: T;
}

/** What a batch factory is asked for. */
export interface BatchRequest {
  /** The epoch, 0-based. Shuffle and augment from (seed, epoch) to make runs reproducible. */
  readonly epoch: number;
  /**
   * Batches of this epoch already trained on (non-zero when resuming mid-epoch). The iterable you
   * return must **start at batch `skip`** of the epoch; `skipBatches(iterable, skip)` does it for
   * sources that cannot seek.
   */
  readonly skip: number;
  /** The run seed. */
  readonly seed: number;
}

export type BatchFactory<B> = (request: BatchRequest) => Iterable<B> | AsyncIterable<B> | Promise<Iterable<B> | AsyncIterable<B>>;

/**
 * Batches for `train()`:
 * - an array: the same batches every epoch, in order; they stay yours (never disposed);
 * - a factory `({epoch, skip, seed}) => iterable`: called once per epoch; its batches belong to the
 *   loop, which disposes their tensors after the step;
 * - any other (async) iterable: one stream across all epochs (`stepsPerEpoch` is then required),
 *   disposed by the loop like a factory's.
 */
export type TrainingData<B> = readonly B[] | BatchFactory<B> | Iterable<B> | AsyncIterable<B>;

/** Drops (and disposes) the first `count` batches of an iterable. */
export async function* skipBatches<B extends TrainingBatch>(batches: Iterable<B> | AsyncIterable<B>, count: number): AsyncGenerator<B, void, undefined> {
  let seen = 0;
  for await (const batch of batches) {
    if (seen++ < count) {
      disposeBatch(batch);
      continue;
    }
    yield batch;
  }
}

/** Disposes every tensor in a batch's inputs and targets (arrays and plain objects walked; typed arrays skipped). */
export function disposeBatch(batch: TrainingBatch): void {
  const found: Tensor[] = [];
  const walk = (x: unknown, depth: number): void => {
    if (x == null || typeof x !== 'object' || depth > 8) return;
    if (x instanceof Tensor) found.push(x);
    else if (ArrayBuffer.isView(x)) return;
    else if (Array.isArray(x)) for (const v of x) walk(v, depth + 1);
    else if (Object.getPrototypeOf(x) === Object.prototype) for (const v of Object.values(x)) walk(v, depth + 1);
  };
  walk(batch.inputs, 0);
  walk(batch.targets, 0);
  dispose(found);
}

/** Leading dimension of the first input tensor: the images of a step, for images/s. */
export function batchSizeOf(batch: TrainingBatch): number {
  const inputs = batch.inputs;
  const first: Tensor | undefined = Array.isArray(inputs) ? inputs[0] : (inputs as Tensor).shape != null ? (inputs as Tensor) : Object.values(inputs as NamedTensorMap)[0];
  return first?.shape[0] ?? 1;
}

function isIterable(x: unknown): x is Iterable<unknown> | AsyncIterable<unknown> {
  return x != null && (typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function' || typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');
}

/** One epoch's batches and whether the loop owns (disposes) them. */
export interface EpochBatches<B> {
  readonly iterator: AsyncIterator<B>;
  readonly owned: boolean;
  /** Batches in the epoch when known in advance (array data). */
  readonly length: number | null;
}

/** Normalises the accepted data forms. Streams keep one iterator across epochs. */
export class TrainingDataSource<B extends TrainingBatch> {
  private stream: AsyncIterator<B> | null = null;
  readonly kind: 'array' | 'factory' | 'stream';

  constructor(private readonly data: TrainingData<B>) {
    if (Array.isArray(data)) this.kind = 'array';
    else if (typeof data === 'function') this.kind = 'factory';
    else if (isIterable(data)) this.kind = 'stream';
    else throw new TypeError('train: data must be an array of batches, a batch factory function or an (async) iterable of batches');
  }

  async epoch(request: BatchRequest): Promise<EpochBatches<B>> {
    if (this.kind === 'array') {
      const batches = (this.data as readonly B[]).slice(request.skip);
      return { iterator: toAsyncIterator(batches), owned: false, length: (this.data as readonly B[]).length };
    }
    if (this.kind === 'factory') {
      const made = await (this.data as BatchFactory<B>)(request);
      if (!isIterable(made)) throw new TypeError(`train: the data factory returned ${String(made)} for epoch ${request.epoch}, not an (async) iterable of batches`);
      return { iterator: toAsyncIterator(made as Iterable<B> | AsyncIterable<B>), owned: true, length: null };
    }
    this.stream ??= toAsyncIterator(this.data as Iterable<B> | AsyncIterable<B>);
    return { iterator: this.stream, owned: true, length: null };
  }

  /** Stream data only: discards the batches consumed before a resumed run. */
  async discardFromStream(count: number): Promise<void> {
    if (this.kind !== 'stream' || count === 0) return;
    this.stream ??= toAsyncIterator(this.data as Iterable<B> | AsyncIterable<B>);
    for (let i = 0; i < count; i++) {
      const r = await this.stream.next();
      if (r.done) throw new Error(`train: the data stream ended after ${i} batches while skipping the ${count} a resumed run had consumed`);
      disposeBatch(r.value);
    }
  }
}

function toAsyncIterator<B>(source: Iterable<B> | AsyncIterable<B>): AsyncIterator<B> {
  if (typeof (source as AsyncIterable<B>)[Symbol.asyncIterator] === 'function') return (source as AsyncIterable<B>)[Symbol.asyncIterator]();
  const it = (source as Iterable<B>)[Symbol.iterator]();
  return {
    next: async () => it.next(),
    return: async (value?: unknown) => (it.return ? it.return(value as never) : { done: true, value: undefined as never }),
  };
}
