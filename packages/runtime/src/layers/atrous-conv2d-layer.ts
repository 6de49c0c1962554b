import { add, serialization, tidy, type Tensor, type Tensor4D } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { atrousConv2d } from '../ops/atrous-conv2d.js';

type Conv2DLayer = ReturnType<typeof layers.conv2d>;
type Conv2DArgs = Parameters<typeof layers.conv2d>[0];
type CallKwargs = Parameters<Conv2DLayer['call']>[1];

// tfjs-layers registers its Conv2D class for serialization but does not export it.
const registered = serialization.SerializationMap.getMap().classNameMap['Conv2D'];
if (registered == null) throw new Error('@lip/runtime: tfjs-layers did not register Conv2D');
const Conv2D = registered[0] as unknown as new (args: Conv2DArgs) => Conv2DLayer;

/**
 * A Keras `Conv2D` that trains with `dilationRate > 1` on every backend.
 *
 * Same config, weights (`kernel` [kh, kw, in, out], `bias` [out]), initializers, regularizers
 * and activation as `tf.layers.conv2d`, so Keras weight files map one to one; only the dilated
 * path differs, using {@link atrousConv2d}. With dilation 1 it is exactly `tf.layers.conv2d`.
 */
export class AtrousConv2D extends Conv2D {
  static className = 'AtrousConv2D';

  constructor(args: Conv2DArgs) {
    super(args);
    if (this.isDilated() && this.dataFormat !== 'channelsLast') {
      throw new Error(`@lip/runtime: AtrousConv2D '${this.name}' supports dataFormat 'channelsLast' only when dilated`);
    }
    if (this.isDilated() && this.strides.some((s) => s !== 1)) {
      throw new Error(`@lip/runtime: AtrousConv2D '${this.name}': dilationRate ${JSON.stringify(this.dilationRate)} needs strides 1, got ${JSON.stringify(this.strides)} (as in Keras)`);
    }
    if (this.isDilated() && this.padding === 'causal') {
      throw new Error(`@lip/runtime: AtrousConv2D '${this.name}': padding must be 'same' or 'valid'`);
    }
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    if (!this.isDilated()) return super.call(inputs, kwargs);
    return tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x == null || (Array.isArray(inputs) && inputs.length !== 1)) {
        throw new Error(`@lip/runtime: AtrousConv2D '${this.name}' expects exactly one input tensor`);
      }
      const [rateH, rateW] = this.dilationRate as [number, number];
      let y: Tensor = atrousConv2d(x as Tensor4D, this.kernel.read() as Tensor4D, {
        rate: [rateH, rateW],
        padding: this.padding === 'same' ? 'same' : 'valid',
      });
      if (this.bias != null) y = add(y, this.bias.read());
      return this.activation == null ? y : this.activation.apply(y);
    });
  }

  private isDilated(): boolean {
    return (this.dilationRate as number[]).some((r) => r !== 1);
  }
}
serialization.registerClass(AtrousConv2D as unknown as serialization.SerializableConstructor<serialization.Serializable>);

/** Factory in the style of `tf.layers.conv2d`. */
export function atrousConv2dLayer(args: Conv2DArgs): AtrousConv2D {
  return new AtrousConv2D(args);
}
