import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMOKE_CONFIG } from './quickstart-defaults.js';
import { runQuickstart, type QuickstartResult } from './run-quickstart.js';

describe('the quickstart pipeline, shortened (a few steps on tiny synthetic data)', () => {
  let out: string;
  let result: QuickstartResult;
  const messages: string[] = [];

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'lip-quickstart-'));
    result = await runQuickstart({ outDir: out, config: SMOKE_CONFIG, backend: 'wasm', progress: false, log: (m) => messages.push(m) });
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('trains the three SS-NAN steps and records their losses', () => {
    expect(result.steps.map((s) => s.trainMode)).toEqual(['pretrain', 'finetune', 'finetune_ssloss_withdeep']);
    expect(result.steps.map((s) => s.losses.length)).toEqual([2, 2, 2]);
    expect(result.steps.every((s) => s.losses.every(Number.isFinite))).toBe(true);
    expect(messages.some((m) => /generated synthetic mini-LIP/.test(m))).toBe(true);
    expect(messages.some((m) => /finetune: loaded \d+ weights from .*pretrain/.test(m))).toBe(true);
  });

  it('writes metrics.json consistent with the evaluation', async () => {
    const metrics = JSON.parse(await readFile(result.metricsPath, 'utf8'));
    const m = result.evaluation.metrics;
    expect(metrics.images).toBe(SMOKE_CONFIG.data.val);
    expect(metrics.pixels).toBe(SMOKE_CONFIG.data.val * SMOKE_CONFIG.data.size ** 2);
    expect(metrics.meanIoU).toBeCloseTo(m.meanIoU, 12);
    expect(metrics.pixelAccuracy).toBeCloseTo(m.pixelAccuracy, 12);
    expect(metrics.classes).toHaveLength(20);
    const ious = metrics.classes.map((c: { iou: number | null }) => c.iou).filter((v: number | null) => v !== null) as number[];
    expect(metrics.meanIoU).toBeCloseTo(ious.reduce((a, b) => a + b, 0) / ious.length, 12);
    expect(metrics.backend).toBe('wasm');
    expect(metrics.trainingSteps).toHaveLength(3);
    expect((await readdir(join(out, 'predictions', 'labels'))).length).toBe(SMOKE_CONFIG.data.val);
  });

  it('writes a self-contained report with the headline, per-class table, loss curves and overlays', async () => {
    const html = await readFile(result.reportPath, 'utf8');
    const m = result.evaluation.metrics;
    expect(html).toContain(`<div>mIoU<b>${(100 * m.meanIoU).toFixed(2)} %</b></div>`);
    expect(html).toContain(`<div>Pixel accuracy<b>${(100 * m.pixelAccuracy).toFixed(2)} %</b></div>`);
    for (const name of ['Background', 'Upper-clothes', 'Right-shoe']) expect(html).toContain(name);
    expect(html.match(/<svg /g)).toHaveLength(1 + 3); // IoU bars + one loss chart per step
    // Class colours are the LIP palette's (e.g. Coat = 0,119,221), never an unresolved value.
    expect(html).toContain('rgb(0,119,221)');
    expect(html).not.toMatch(/undefined|NaN/);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(4 * SMOKE_CONFIG.reportImages);
    expect(html).not.toMatch(/(src|href)="(?!data:)/); // nothing external
    expect(result.headline).toMatch(/^PixelAcc [\d.]+ % {2}MeanAcc [\d.]+ % {2}mIoU [\d.]+ % on 3 synthetic val images \(wasm, \d+ s\)$/);
  });

  it('reuses the cached synthetic data on a second run', async () => {
    const again: string[] = [];
    const second = await runQuickstart({ outDir: out, config: { ...SMOKE_CONFIG, steps: SMOKE_CONFIG.steps.slice(0, 1) }, backend: 'wasm', progress: false, log: (m) => again.push(m) });
    expect(again.some((m) => /^cached synthetic mini-LIP/.test(m))).toBe(true);
    expect(second.dataDir).toBe(result.dataDir);
  });
});
