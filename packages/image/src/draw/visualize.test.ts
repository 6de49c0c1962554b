import { describe, expect, it } from 'vitest';
import { colorizeLabelMap } from './colorize-label-map.js';
import { blendOverlay } from './blend-overlay.js';
import { drawSkeleton } from './draw-skeleton.js';
import { createPoseRecord } from '@lip/schema';

describe('visualization', () => {
  it('colourizes with the palette and paints unknown values white', () => {
    const out = colorizeLabelMap({ width: 4, height: 1, data: new Uint8Array([0, 13, 19, 255]) });
    expect([...out.data]).toEqual([0, 0, 0, 0, 0, 255, 255, 170, 0, 255, 255, 255]);
  });

  it('blends: round((1-a)·image + a·colour), background untouched', () => {
    const image = { width: 2, height: 1, data: new Uint8Array([100, 100, 100, 100, 100, 100]) };
    const label = { width: 2, height: 1, data: new Uint8Array([0, 2]) }; // Hair = 255,0,0
    const out = blendOverlay(image, label, { alpha: 0.25 });
    expect([...out.data]).toEqual([100, 100, 100, 139, 75, 75]);
    expect(() => blendOverlay(image, { width: 1, height: 1, data: new Uint8Array(1) })).toThrow(/label is 1x1/);
  });

  it('draws a limb between two joints and skips missing ones', () => {
    const image = { width: 5, height: 5, data: new Uint8Array(75) };
    const j = createPoseRecord('a');
    j.x[12] = 0; j.y[12] = 2; // R_Shoulder
    j.x[11] = 4; j.y[11] = 2; // R_Elbow
    const out = drawSkeleton(image, j, { radius: 0 });
    for (let x = 0; x < 5; x++) expect(out.data[(2 * 5 + x) * 3]).toBe(255); // red line on row 2
    expect(out.data[0]).toBe(0);
  });
});
