import {
  backend_util,
  type Conv2DAttrs,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { KernelCalls } from '../../kernel-calls.js';
import { winogradModuleFor, type WasmBackendInternals, type WinogradModule } from './winograd-module.js';

/**
 * Below this much work (4×4 output tiles × input channels × output channels) the 36 small matrix multiplies
 * cost more in XNNPACK operator set-up and weight packing than Winograd saves. Measured on 2 threads (runs
 * of bench/pspnet's conv shapes, recorded in bench/RESULTS.md): 60² 32→32 (230 k) gains 1.08×, 30² 64→64
 * (262 k) loses 0.83×, 60² 48→48 (518 k) gains 1.3×, 60² 64→64 1.5×, 60² 256→256 1.75×, 60² 4096→512 2.6×.
 */
const MIN_WORK = 400_000;

interface Geometry {
  info: backend_util.Conv2DInfo;
  /** 4×4 output tiles over the batch. */
  tiles: number;
}

interface ConvCall extends Geometry {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  relu: boolean;
}

/** The call's geometry when Winograd F(4×4, 3×3) applies and pays, else null (tfjs-wasm's own kernel runs). */
function winogradGeometry(wg: WinogradModule, x: TensorInfo, filter: TensorInfo, attrs: Conv2DAttrs): Geometry | null {
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs;
  if (x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  if (dataFormat != null && dataFormat !== 'NHWC') return null;
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  if (kh !== 3 || kw !== 3 || ci % 4 !== 0 || co % 4 !== 0) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    strides, dilations, pad, dimRoundingMode, false, 'channelsLast');
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.outHeight < 1 || info.outWidth < 1) return null;
  const tiles = info.batchSize * wg.fns.winograd_tiles(info.outHeight, info.outWidth, info.dilationHeight, info.dilationWidth);
  return tiles * ci * co < MIN_WORK ? null : { info, tiles };
}

/**
 * y = conv(x, filter) (+ bias, then ReLU) by Winograd: winograd.c writes the 36 transformed input and filter
 * planes, XNNPACK multiplies each pair on every thread (tfjs-wasm's BatchMatMul), winograd.c folds the
 * products back. Intermediates are freed as soon as they are used: the planes are 2.6× the input and 4× the
 * filter. Matches tfjs-cpu to ≤ 6e-6 relative (the transforms' rounding; XNNPACK's direct convolution: 5e-7).
 */
function winogradConv2D(backend: WasmBackendInternals, wg: WinogradModule, call: ConvCall): TensorInfo {
  const { x, filter, bias, relu, info, tiles } = call;
  const { batchSize, inHeight, inWidth, inChannels, outChannels, outHeight, outWidth, dilationHeight, dilationWidth } = info;
  const calls = new KernelCalls(backend as never, 'wasm');
  try {
    const planes = (shape: number[]) => Array.from({ length: 36 }, () => calls.own(backend.makeOutput(shape, 'float32')));
    const v = planes([1, tiles, inChannels]);
    wg.fns.winograd_input(wg.offset(x), batchSize, inHeight, inWidth, inChannels, outHeight, outWidth,
      dilationHeight, dilationWidth, info.padInfo.top, info.padInfo.left, wg.pointerTable(v));
    const u = planes([1, inChannels, outChannels]);
    wg.fns.winograd_filter(wg.offset(filter), inChannels, outChannels, wg.pointerTable(u));
    const m = v.map((vk, k) => {
      const mk = calls.run('BatchMatMul', { a: vk, b: u[k]! }, { transposeA: false, transposeB: false });
      calls.release(vk);
      calls.release(u[k]!);
      return mk;
    });
    const y = calls.own(backend.makeOutput([batchSize, outHeight, outWidth, outChannels], 'float32'));
    wg.fns.winograd_output(wg.pointerTable(m), batchSize, outHeight, outWidth, outChannels,
      dilationHeight, dilationWidth, bias == null ? 0 : wg.offset(bias), relu ? 1 : 0, wg.offset(y));
    return calls.keep(y);
  } finally {
    calls.dispose();
  }
}

/**
 * tfjs-wasm's Conv2D, taken over for 3×3 stride-1 float32 NHWC convolutions (any dilation, any padding) with
 * enough channels: Winograd F(4×4, 3×3) needs 4× fewer multiplies than XNNPACK's direct convolution (36 per
 * 16 outputs instead of 144). Everything else, and any backend on which `prepareWinograd` has not run, goes to
 * the kernel this replaces.
 */
export function winogradConv2DConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const backend = args.backend as unknown as WasmBackendInternals;
    const wg = winogradModuleFor(backend);
    const geometry = wg && winogradGeometry(wg, x, filter, args.attrs as unknown as Conv2DAttrs);
    if (wg == null || geometry == null) return original.kernelFunc(args);
    return winogradConv2D(backend, wg, { x, filter, relu: false, ...geometry });
  };
  return { ...original, kernelFunc };
}

/** The same for FusedConv2D with no activation or ReLU, and a per-channel bias or none. */
export function winogradFusedConv2DConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, filter, bias } = args.inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo };
    const attrs = args.attrs as unknown as FusedConv2DAttrs;
    const backend = args.backend as unknown as WasmBackendInternals;
    const wg = winogradModuleFor(backend);
    const activationFits = attrs.activation == null || attrs.activation === 'linear' || attrs.activation === 'relu';
    const biasFits = bias == null || (bias.dtype === 'float32' && util.sizeFromShape(bias.shape) === filter.shape[3]);
    const geometry = wg && activationFits && biasFits ? winogradGeometry(wg, x, filter, attrs) : null;
    if (wg == null || geometry == null) return original.kernelFunc(args);
    return winogradConv2D(backend, wg, { x, filter, bias, relu: attrs.activation === 'relu', ...geometry });
  };
  return { ...original, kernelFunc };
}
