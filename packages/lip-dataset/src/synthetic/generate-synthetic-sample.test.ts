import { describe, expect, it } from 'vitest';
import { generateSyntheticSample } from './generate-synthetic-sample.js';
import { LipClassId as C, LipJoint as J } from '@lip/schema';

const SIZE = 96;
const samples = Array.from({ length: 24 }, (_, i) => generateSyntheticSample(11, i, SIZE));

function meanX(label: Uint8Array, cls: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < label.length; i++) if (label[i] === cls) { sum += i % SIZE; n++; }
  return n ? sum / n : NaN;
}

describe('generateSyntheticSample', () => {
  it('is a pure function of (seed, index, size)', () => {
    const a = generateSyntheticSample(11, 3, SIZE);
    expect(Buffer.from(a.image.data).equals(Buffer.from(samples[3]!.image.data))).toBe(true);
    expect(Buffer.from(a.label.data).equals(Buffer.from(samples[3]!.label.data))).toBe(true);
    const b = generateSyntheticSample(12, 3, SIZE);
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(false);
  });

  it('makes every one of the 20 classes occur in 24 images, and only 0–19', () => {
    const counts = new Array<number>(256).fill(0);
    for (const s of samples) for (const v of s.label.data) counts[v]!++;
    for (let c = 0; c < 20; c++) expect(counts[c], `class ${c}`).toBeGreaterThan(0);
    expect(counts.slice(20).every((n) => n === 0)).toBe(true);
  });

  it('puts left/right classes on the person\'s own side (frontal: right side on the image left)', () => {
    let checked = 0;
    for (const s of samples) {
      const rLeg = meanX(s.label.data, C.RightLeg);
      const lLeg = meanX(s.label.data, C.LeftLeg);
      const rHip = s.joints.x[J.RightHip]!;
      const lHip = s.joints.x[J.LeftHip]!;
      if (Number.isNaN(rHip) || Number.isNaN(lHip)) continue;
      expect(rHip < lHip).toBe(s.facingCamera);
      if (!Number.isNaN(rLeg) && !Number.isNaN(lLeg) && Math.abs(rHip - lHip) > 4) {
        expect(rLeg < lLeg).toBe(s.facingCamera);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('places joints on the drawing: visible shoes/ankles, wrists and head lie on matching classes', () => {
    const near = (s: (typeof samples)[number], k: number, classes: number[], radius: number): boolean => {
      const x = s.joints.x[k]!;
      const y = s.joints.y[k]!;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= SIZE || yy >= SIZE) continue;
          if (classes.includes(s.label.data[yy * SIZE + xx]!)) return true;
        }
      }
      return false;
    };
    const clothes = [C.UpperClothes, C.Coat, C.Dress, C.Jumpsuits, C.Glove];
    let checked = 0;
    for (const s of samples) {
      for (const [k, cls] of [
        [J.RightWrist, [C.RightArm, ...clothes]],
        [J.LeftWrist, [C.LeftArm, ...clothes]],
        [J.RightAnkle, [C.RightLeg, C.RightShoe, C.Socks, C.Pants, C.Jumpsuits, C.Skirt, C.Dress, C.Coat]],
        [J.LeftAnkle, [C.LeftLeg, C.LeftShoe, C.Socks, C.Pants, C.Jumpsuits, C.Skirt, C.Dress, C.Coat]],
        [J.Head, [C.Hair, C.Hat, C.Face]],
      ] as const) {
        if (Number.isNaN(s.joints.x[k]!) || s.joints.visibility![k] === 1) continue;
        expect(near(s, k, [...cls], 2), `sample joint ${k}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('marks out-of-frame joints as nan and uses integer coordinates otherwise', () => {
    let missing = 0;
    for (const s of samples) {
      for (let k = 0; k < 16; k++) {
        const x = s.joints.x[k]!;
        if (Number.isNaN(x)) {
          missing++;
          expect(Number.isNaN(s.joints.visibility![k]!)).toBe(true);
        } else {
          expect(Number.isInteger(x) && x >= 0 && x < SIZE).toBe(true);
          expect([0, 1]).toContain(s.joints.visibility![k]);
        }
      }
    }
    expect(missing).toBeGreaterThan(0); // tall people have their feet cut off
  });
});
