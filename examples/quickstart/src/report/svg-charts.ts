/** Escapes text for HTML and SVG. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface Bar {
  readonly label: string;
  /** In [0, 1], or NaN for "absent" (drawn as a dash). */
  readonly value: number;
  readonly colour: string;
}

/** A horizontal bar chart of fractions (shown as %), one row per bar. */
export function horizontalBarChart(bars: readonly Bar[], options: { width?: number; rowHeight?: number; labelWidth?: number } = {}): string {
  const width = options.width ?? 560;
  const row = options.rowHeight ?? 18;
  const labelWidth = options.labelWidth ?? 120;
  const plot = width - labelWidth - 60;
  const height = bars.length * row + 24;
  const parts: string[] = [];
  for (const [x, t] of [0, 0.25, 0.5, 0.75, 1].map((v) => [labelWidth + v * plot, v] as const)) {
    parts.push(`<line x1="${x}" y1="4" x2="${x}" y2="${height - 18}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${height - 4}" font-size="10" text-anchor="middle" fill="#666">${t * 100}%</text>`);
  }
  bars.forEach((bar, i) => {
    const y = 4 + i * row;
    parts.push(`<text x="${labelWidth - 6}" y="${y + row * 0.7}" font-size="11" text-anchor="end">${escapeXml(bar.label)}</text>`);
    if (Number.isNaN(bar.value)) {
      parts.push(`<text x="${labelWidth + 4}" y="${y + row * 0.7}" font-size="11" fill="#999">– (absent)</text>`);
      return;
    }
    const w = Math.max(0, Math.min(1, bar.value)) * plot;
    parts.push(`<rect x="${labelWidth}" y="${y + 2}" width="${w.toFixed(1)}" height="${row - 4}" fill="${bar.colour}" stroke="#444" stroke-width="0.5"/>`);
    parts.push(`<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + row * 0.7}" font-size="11">${(bar.value * 100).toFixed(1)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${parts.join('')}</svg>`;
}

/** Moving average over a centred window (shorter at the ends). */
export function movingAverage(values: readonly number[], window: number): number[] {
  const half = Math.floor(window / 2);
  return values.map((_, i) => {
    const a = Math.max(0, i - half);
    const b = Math.min(values.length, i + half + 1);
    let s = 0;
    for (let j = a; j < b; j++) s += values[j]!;
    return s / (b - a);
  });
}

/** A line chart of one loss series (raw, light; smoothed, dark) against the step. */
export function lossChart(title: string, losses: readonly number[], options: { width?: number; height?: number; colour?: string } = {}): string {
  const width = options.width ?? 300;
  const height = options.height ?? 180;
  const colour = options.colour ?? '#1f77b4';
  const left = 44;
  const bottom = 26;
  const top = 22;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const finite = losses.filter(Number.isFinite);
  if (finite.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="10" y="20">${escapeXml(title)}: no steps</text></svg>`;
  const max = Math.max(...finite);
  const min = Math.min(0, ...finite);
  const sx = (i: number) => left + (losses.length <= 1 ? 0 : (i / (losses.length - 1)) * plotW);
  const sy = (v: number) => top + plotH - ((v - min) / (max - min || 1)) * plotH;
  const path = (values: readonly number[]) => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${sx(i).toFixed(1)},${sy(v).toFixed(1)}`).join('');
  const smooth = movingAverage(losses, Math.max(3, Math.round(losses.length / 15)));
  const ticks = [min, (min + max) / 2, max];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<text x="${left}" y="14" font-size="12" font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#999"/>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#999"/>`,
    ...ticks.map((t) => `<text x="${left - 4}" y="${sy(t) + 3}" font-size="10" text-anchor="end" fill="#666">${t.toPrecision(3)}</text>`),
    `<text x="${left}" y="${height - 8}" font-size="10" fill="#666">1</text>`,
    `<text x="${left + plotW}" y="${height - 8}" font-size="10" text-anchor="end" fill="#666">step ${losses.length}</text>`,
    `<path d="${path(losses)}" fill="none" stroke="${colour}" stroke-opacity="0.3" stroke-width="1"/>`,
    `<path d="${path(smooth)}" fill="none" stroke="${colour}" stroke-width="2"/>`,
    '</svg>',
  ].join('');
}
