import * as tfl from '@tensorflow/tfjs-layers';
import { atrousConv2dLayer } from '@lip/runtime';
import type { HeadInitializer } from './jppnet-config.js';

type SymbolicTensor = tfl.SymbolicTensor;

/** Makes the head's stride-1 'same' convs (all biased) with reproducible seeds. */
export class HeadConvFactory {
  private count = 0;

  constructor(
    private readonly initializer: HeadInitializer,
    private readonly seed: number | undefined,
  ) {}

  private kernelInitializer(kind: 'kaffe' | 'ops') {
    const seed = this.seed == null ? undefined : this.seed + 5000 + this.count++;
    const seeded = seed == null ? {} : { seed };
    if (this.initializer === 'he') return tfl.initializers.heNormal(seeded);
    return kind === 'kaffe' ? tfl.initializers.glorotUniform(seeded) : tfl.initializers.truncatedNormal({ stddev: 0.01, ...seeded });
  }

  /** A biased conv, ReLU or linear; dilated ones are the runtime's trainable AtrousConv2D. */
  conv(x: SymbolicTensor, name: string, filters: number, kernelSize: number, options: { relu: boolean; dilation?: number; kind: 'kaffe' | 'ops' }): SymbolicTensor {
    const dilation = options.dilation ?? 1;
    const args = {
      filters,
      kernelSize,
      padding: 'same' as const,
      useBias: true,
      name,
      activation: options.relu ? ('relu' as const) : ('linear' as const),
      kernelInitializer: this.kernelInitializer(options.kind),
      biasInitializer: 'zeros' as const,
    };
    const layer = dilation > 1 ? atrousConv2dLayer({ ...args, dilationRate: dilation }) : tfl.layers.conv2d(args);
    return layer.apply(x) as SymbolicTensor;
  }

  /** The reference's summed ASPP: one atrous 3×3 → `classes` per rate, then `add_n`. */
  summedAtrous(x: SymbolicTensor, names: readonly string[], sumName: string, classes: number, rates: readonly number[], kind: 'kaffe' | 'ops'): SymbolicTensor {
    const branches = names.map((name, i) => this.conv(x, name, classes, 3, { relu: false, dilation: rates[i]!, kind }));
    return tfl.layers.add({ name: sumName }).apply(branches) as SymbolicTensor;
  }
}
