import { dropout, serialization, tidy, zerosLike, type Tensor } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { nextDropoutSeed } from './dropout-seed-scope.js';
import { deriveSeed } from '@lip/schema';

type DropoutLayer = ReturnType<typeof layers.dropout>;
type DropoutArgs = Parameters<typeof layers.dropout>[0];
type CallKwargs = Parameters<DropoutLayer['call']>[1];

// tfjs-layers registers its Dropout class for serialization but does not export it.
const registered = serialization.SerializationMap.getMap().classNameMap['Dropout'];
if (registered == null) throw new Error('@lip/runtime: tfjs-layers did not register Dropout');
const Dropout = registered[0] as unknown as new (args: DropoutArgs) => DropoutLayer;

/**
 * Keras `Dropout` (same config: `rate`, `noiseShape`, `seed`; same inverted-dropout scaling) whose
 * masks are reproducible. tfjs-layers' `Dropout` draws from an unseeded generator, or, given a seed,
 * draws the same mask at every call; neither lets a resumed run repeat an uninterrupted one.
 *
 * Inside `train()` (or any `withDropoutSeed(seed, fn)` scope) the mask comes from the step's seed,
 * the layer name and the call count in the step. Outside a scope it falls back to `seed` plus a
 * per-layer call counter when `seed` is set, and to an unseeded mask otherwise, like Keras.
 * Registered for serialization as `SeededDropout`. Model packages use it wherever the reference has
 * `Dropout`.
 */
export class SeededDropout extends Dropout {
  static className = 'SeededDropout';
  private readonly dropRate: number;
  private readonly fallbackSeed: number | undefined;
  private unscopedCalls = 0;

  constructor(args: DropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate <= 1)) {
      throw new RangeError(`@lip/runtime: SeededDropout '${this.name}': rate must be in [0, 1], got ${args.rate}`);
    }
    this.dropRate = args.rate;
    this.fallbackSeed = args.seed;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x == null || (Array.isArray(inputs) && inputs.length !== 1)) {
      throw new Error(`@lip/runtime: SeededDropout '${this.name}' expects exactly one input tensor`);
    }
    const training = kwargs?.['training'] === true;
    if (!training || this.dropRate === 0) return x;
    if (this.dropRate === 1) return zerosLike(x);
    return tidy(() => {
      const seed = nextDropoutSeed(this.name) ?? (this.fallbackSeed != null ? deriveSeed(this.fallbackSeed, this.unscopedCalls++) : undefined);
      return dropout(x, this.dropRate, (this.getNoiseShape(x) as number[] | null) ?? undefined, seed);
    });
  }
}
serialization.registerClass(SeededDropout as unknown as serialization.SerializableConstructor<serialization.Serializable>);

/** Factory in the style of `tf.layers.dropout`. */
export function seededDropout(args: DropoutArgs): SeededDropout {
  return new SeededDropout(args);
}
