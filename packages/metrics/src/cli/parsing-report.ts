import type { ParsingMetrics } from '../parsing-metrics.js';

/** The `--json` output of `lip-metrics parsing` and `lip-metrics merge`: fractions in [0, 1], null for NaN. */
export interface ParsingReportJSON {
  images: number;
  pixels: number;
  pixelAccuracy: number | null;
  meanAccuracy: number | null;
  meanIoU: number | null;
  frequencyWeightedIoU: number | null;
  classes: { id: number; name: string; iou: number | null; accuracy: number | null; gtPixels: number; predPixels: number }[];
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function parsingReportJSON(metrics: ParsingMetrics, images: number, names: readonly string[]): ParsingReportJSON {
  return {
    images,
    pixels: metrics.pixels,
    pixelAccuracy: finiteOrNull(metrics.pixelAccuracy),
    meanAccuracy: finiteOrNull(metrics.meanAccuracy),
    meanIoU: finiteOrNull(metrics.meanIoU),
    frequencyWeightedIoU: finiteOrNull(metrics.frequencyWeightedIoU),
    classes: metrics.classes.map((c) => ({
      id: c.id,
      name: names[c.id] ?? `class ${c.id}`,
      iou: finiteOrNull(c.iou),
      accuracy: finiteOrNull(c.accuracy),
      gtPixels: c.gtPixels,
      predPixels: c.predPixels,
    })),
  };
}

export const percent = (v: number): string => (Number.isFinite(v) ? (v * 100).toFixed(2) : 'n/a');

/** The human-readable per-class table and headline numbers. */
export function formatParsingReport(metrics: ParsingMetrics, images: number, names: readonly string[], extra: string[] = []): string {
  const nameWidth = Math.max(5, ...metrics.classes.map((c) => (names[c.id] ?? '').length));
  const lines = [
    `${images} images, ${metrics.pixels} pixels counted, absent-class policy ${metrics.absentClassPolicy}${extra.length ? ', ' + extra.join(', ') : ''}`,
    '',
    `${'id'.padStart(3)}  ${'class'.padEnd(nameWidth)}  ${'IoU %'.padStart(7)}  ${'Acc %'.padStart(7)}  ${'GT pixels'.padStart(12)}  ${'pred pixels'.padStart(12)}`,
  ];
  for (const c of metrics.classes) {
    lines.push(
      `${String(c.id).padStart(3)}  ${(names[c.id] ?? `class ${c.id}`).padEnd(nameWidth)}  ${percent(c.iou).padStart(7)}  ${percent(c.accuracy).padStart(7)}  ${String(c.gtPixels).padStart(12)}  ${String(c.predPixels).padStart(12)}`,
    );
  }
  lines.push(
    '',
    `Pixel accuracy   ${percent(metrics.pixelAccuracy).padStart(7)} %`,
    `Mean accuracy    ${percent(metrics.meanAccuracy).padStart(7)} %`,
    `Mean IoU         ${percent(metrics.meanIoU).padStart(7)} %`,
    `FW IoU           ${percent(metrics.frequencyWeightedIoU).padStart(7)} %`,
  );
  return lines.join('\n') + '\n';
}
