import type { WebModelKind } from './web-model-kind.js';

/** One file of the web model folder. */
export interface WebModelFile {
  readonly name: string;
  readonly bytes: number;
}

/** How a web model stores its float32 weights. */
export const WEB_MODEL_DTYPES = ['float32', 'float16', 'uint8'] as const;
export type WebModelDtype = (typeof WEB_MODEL_DTYPES)[number];

/** Quantized (float16 or uint8) against float32: one forward pass of the network with each weight set on the same image. */
export interface QuantizedComparison {
  /** What the image was: the file, or the synthetic sample. */
  readonly image: string;
  /** [height, width] the network ran at. */
  readonly size: readonly [number, number];
  /** Pixels of the logit maps compared. */
  readonly pixels: number;
  /** Share of pixels whose arg-max class is the same (1 = every label equal). */
  readonly labelAgreement: number;
  /** Largest absolute difference of any class logit. */
  readonly maxLogitDifference: number;
  /** Largest absolute float32 logit, the scale of that difference. */
  readonly maxAbsLogit: number;
  /** JPPNet: the largest absolute difference of the last stage's pose heatmaps. */
  readonly maxPoseDifference?: number;
}

/** @deprecated The same as `QuantizedComparison` (the name from when float16 was the only quantization). */
export type Float16Comparison = QuantizedComparison;

/** What `convertToWebModel` wrote. */
export interface ConversionReport {
  readonly model: WebModelKind;
  /** What was converted (the input and, for a folder, what was picked inside it). */
  readonly source: string;
  /** The web model folder (absolute). */
  readonly out: string;
  readonly dtype: WebModelDtype;
  /** The config in model.json's `userDefinedMetadata`, under the model's key. */
  readonly config: Record<string, unknown>;
  /** Where the config came from: a file, the input's metadata, a run, or the default. */
  readonly configSource: string;
  /** Weight tensors and their element count. */
  readonly tensors: number;
  readonly parameters: number;
  /** Tensors that stayed float32 in a float16 model (a value beyond ±65504). */
  readonly keptFloat32: readonly string[];
  /** model.json first, then the shards. */
  readonly files: readonly WebModelFile[];
  /** Bytes of every file of the folder. */
  readonly totalBytes: number;
  /** Bytes of the weight shards. */
  readonly weightBytes: number;
  /** What the weights take as float32. */
  readonly float32WeightBytes: number;
  readonly shardCount: number;
  /** float16 and uint8 (null for float32, which stores the weights exactly). */
  readonly comparison: QuantizedComparison | null;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e5 ? 3 : 2)} MB`;

/** The report as the lines `lip-convert` prints. */
export function formatConversionReport(report: ConversionReport): string {
  const shards = report.files.filter((f) => f.name !== 'model.json');
  const json = report.files.find((f) => f.name === 'model.json');
  const largest = Math.max(0, ...shards.map((s) => s.bytes));
  const lines = [
    `web model: ${report.out} (${report.model}, ${report.dtype}) from ${report.source}`,
    `  size: ${report.totalBytes} bytes (${megabytes(report.totalBytes)}): model.json ${json?.bytes ?? 0} bytes + ${report.shardCount} shard${report.shardCount === 1 ? '' : 's'} of ${report.weightBytes} bytes (largest ${largest})`,
    `  weights: ${report.parameters} parameters in ${report.tensors} tensors; ${report.dtype !== 'float32' ? `${megabytes(report.weightBytes)} as ${report.dtype}, ${megabytes(report.float32WeightBytes)} as float32` : megabytes(report.weightBytes)}`,
    `  config (${report.configSource}): ${JSON.stringify(report.config)}`,
  ];
  if (report.keptFloat32.length > 0) lines.push(`  kept in float32 (values beyond ±65504): ${report.keptFloat32.join(', ')}`);
  const c = report.comparison;
  if (c != null) {
    lines.push(
      `  ${report.dtype} vs float32 on ${c.image} at ${c.size[0]}×${c.size[1]}: label agreement ${(100 * c.labelAgreement).toFixed(3)} % of ${c.pixels} pixels, ` +
        `max |logit difference| ${c.maxLogitDifference.toPrecision(3)} (largest |logit| ${c.maxAbsLogit.toPrecision(3)})` +
        (c.maxPoseDifference === undefined ? '' : `, max |heatmap difference| ${c.maxPoseDifference.toPrecision(3)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
