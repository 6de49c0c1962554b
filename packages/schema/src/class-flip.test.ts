import { describe, expect, it } from 'vitest';
import { LIP_CLASS_FLIP_PERMUTATION, LIP_LABEL_FLIP_LOOKUP, mirrorLabelMap, swapLeftRightLabels } from './class-flip.js';

describe('class flip', () => {
  it('swaps 14↔15, 16↔17, 18↔19 and nothing else', () => {
    expect(LIP_CLASS_FLIP_PERMUTATION).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 14, 17, 16, 19, 18]);
    expect(LIP_LABEL_FLIP_LOOKUP[255]).toBe(255);
    expect(LIP_LABEL_FLIP_LOOKUP[240]).toBe(240);
    expect([...swapLeftRightLabels(new Uint8Array([14, 15, 16, 17, 18, 19, 5, 255]))]).toEqual([15, 14, 17, 16, 19, 18, 5, 255]);
  });

  it('mirrors a label map and swaps sides (labels_rev); twice is the identity', () => {
    const label = { width: 3, height: 2, data: new Uint8Array([14, 0, 16, 5, 18, 255]) };
    const rev = mirrorLabelMap(label);
    expect([...rev.data]).toEqual([17, 0, 15, 255, 19, 5]);
    expect([...mirrorLabelMap(rev).data]).toEqual([...label.data]);
  });

  it('rejects a label map whose data does not match its size', () => {
    expect(() => mirrorLabelMap({ width: 3, height: 3, data: new Uint8Array(4) })).toThrow(/mirrorLabelMap: data has 4 values, expected 9/);
  });
});
