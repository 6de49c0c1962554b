import { type ParsingMetrics } from '@lip/metrics';
import { escapeXml, horizontalBarChart, lossChart } from './svg-charts.js';
import { LIP_CLASS_NAMES, LIP_PALETTE } from '@lip/schema';

/** One training step of the pipeline as the report shows it. */
export interface ReportTrainingStep {
  readonly trainMode: string;
  readonly layers: string;
  readonly epochs: number;
  readonly steps: number;
  readonly seconds: number;
  readonly losses: readonly number[];
  /** Val mIoU after the step, when measured. */
  readonly meanIoU?: number;
}

/** One row of the overlay grid: PNG data URIs. */
export interface ReportExample {
  readonly id: string;
  readonly image: string;
  readonly groundTruth: string;
  readonly prediction: string;
  readonly overlay: string;
  /** Pixel accuracy of this image. */
  readonly pixelAccuracy: number;
}

export interface ReportInput {
  readonly title: string;
  readonly metrics: ParsingMetrics;
  readonly evaluatedImages: number;
  readonly backend: string;
  readonly totalSeconds: number;
  /** Name → seconds of each phase (data, each step, evaluation, report). */
  readonly timings: ReadonlyArray<readonly [string, number]>;
  /** Configuration rows (name, value). */
  readonly configuration: ReadonlyArray<readonly [string, string]>;
  readonly steps: readonly ReportTrainingStep[];
  /** Val mIoU of the model the first step started from, when measured. */
  readonly startingMeanIoU?: number;
  readonly examples: readonly ReportExample[];
  readonly generatedAt: string;
}

const STEP_COLOURS = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

const pct = (v: number) => (Number.isNaN(v) ? '–' : `${(100 * v).toFixed(2)} %`);

function rgb(id: number): string {
  const colour = LIP_PALETTE[id];
  if (!colour) throw new RangeError(`report: no LIP palette colour for class ${id}`);
  return `rgb(${colour.join(',')})`;
}

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>, numericFrom = 1): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeXml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** The quickstart's report: one self-contained HTML file (inline CSS, SVG charts, PNG data URIs). */
export function renderReport(input: ReportInput): string {
  const { metrics } = input;
  const headline = [
    ['mIoU', pct(metrics.meanIoU)],
    ['Pixel accuracy', pct(metrics.pixelAccuracy)],
    ['Mean accuracy', pct(metrics.meanAccuracy)],
    ['Frequency-weighted IoU', pct(metrics.frequencyWeightedIoU)],
  ];
  const classRows = metrics.classes.map((c) => [
    `<span class="swatch" style="background:${rgb(c.id)}"></span>${c.id} ${escapeXml(LIP_CLASS_NAMES[c.id] ?? String(c.id))}`,
    pct(c.iou),
    pct(c.accuracy),
    String(c.gtPixels),
    String(c.predPixels),
  ]);
  const bars = horizontalBarChart(metrics.classes.map((c) => ({ label: LIP_CLASS_NAMES[c.id] ?? String(c.id), value: c.iou, colour: c.id === 0 ? '#bbb' : rgb(c.id) })));
  const charts = input.steps
    .map((s, i) => lossChart(`${s.trainMode} (${s.layers}, ${s.steps} steps)`, s.losses, { colour: STEP_COLOURS[i % STEP_COLOURS.length]! }))
    .join('\n');
  const stepRows = [
    ...(input.startingMeanIoU === undefined ? [] : [['starting point', '', '', '', '', '', pct(input.startingMeanIoU)]]),
    ...input.steps.map((s) => [
      escapeXml(s.trainMode),
      escapeXml(s.layers),
      String(s.epochs),
      String(s.steps),
      s.seconds.toFixed(1),
      s.losses.length ? s.losses[s.losses.length - 1]!.toFixed(4) : '–',
      s.meanIoU === undefined ? '–' : pct(s.meanIoU),
    ]),
  ];
  const examples = input.examples
    .map(
      (e) => `<figure><div class="row"><img src="${e.image}" alt="image ${escapeXml(e.id)}"><img src="${e.groundTruth}" alt="ground truth"><img src="${e.prediction}" alt="prediction"><img src="${e.overlay}" alt="overlay"></div>
<figcaption>${escapeXml(e.id)} · pixel accuracy ${pct(e.pixelAccuracy)}</figcaption></figure>`,
    )
    .join('\n');
  const legend = LIP_CLASS_NAMES.map((n, id) => `<span class="legend"><span class="swatch" style="background:${rgb(id)}"></span>${escapeXml(n)}</span>`).join(' ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(input.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
.headline { display: flex; gap: 16px; flex-wrap: wrap; }
.headline div { border: 1px solid #ccc; border-radius: 6px; padding: 8px 14px; }
.headline b { display: block; font-size: 22px; }
table { border-collapse: collapse; margin: 8px 0; } td, th { padding: 2px 10px; border-bottom: 1px solid #eee; text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #555; margin-right: 6px; vertical-align: -1px; }
.legend { white-space: nowrap; margin-right: 10px; font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.grid { display: flex; flex-wrap: wrap; gap: 14px; }
figure { margin: 0; } .row img { width: 128px; height: auto; image-rendering: pixelated; margin-right: 2px; border: 1px solid #ccc; }
figcaption { font-size: 12px; color: #555; }
.note { color: #666; font-size: 12px; }
</style>
</head>
<body>
<h1>${escapeXml(input.title)}</h1>
<p class="note">Generated ${escapeXml(input.generatedAt)} · backend ${escapeXml(input.backend)} · total ${input.totalSeconds.toFixed(1)} s · ${input.evaluatedImages} synthetic val images</p>
<div class="headline">${headline.map(([k, v]) => `<div>${k}<b>${v}</b></div>`).join('')}</div>
<p class="note">Official LIP metrics (<code>@lip/metrics</code>): one confusion matrix over all images; a class absent from both ground truth and prediction is left out of the means.</p>

<h2>Per-class IoU</h2>
<div class="charts">${bars}
${table(['class', 'IoU', 'accuracy', 'GT pixels', 'predicted pixels'], classRows)}</div>

<h2>Training</h2>
<div class="charts">${charts}</div>
${table(['train mode', 'layers', 'epochs', 'steps', 'seconds', 'last loss', 'val mIoU after'], stepRows)}

<h2>Predictions on the val split</h2>
<p class="note">Each row: image · ground truth · prediction · prediction over the image.</p>
<div class="grid">${examples}</div>
<p>${legend}</p>

<h2>Configuration and timings</h2>
<div class="charts">${table(['setting', 'value'], input.configuration.map(([k, v]) => [escapeXml(k), escapeXml(v)]), 2)}
${table(['phase', 'seconds'], input.timings.map(([k, v]) => [escapeXml(k), v.toFixed(1)]))}</div>
</body>
</html>
`;
}
