import { afterEach, describe, expect, it } from 'vitest';
import { LIP_JOINT_NAMES, LIP_PALETTE, LipJoint, type Pose } from '@lip/schema';
import { drawKeypoints } from './draw-keypoints.js';
import { drawMask } from './draw-mask.js';

const labels = { width: 3, height: 1, data: Uint8Array.from([0, 2, 255]) };
const rgbImage = { width: 3, height: 1, data: Uint8Array.from([100, 100, 100, 100, 100, 100, 10, 20, 30]) };
const rgba = (width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) });

function pose(at: (k: number) => [number, number], score = (_k: number) => 0.9): Pose {
  return { keypoints: LIP_JOINT_NAMES.map((name, k) => ({ name, x: at(k)[0], y: at(k)[1], score: score(k) })), score: 0.9 };
}

/** A 2D context that records calls, and an OffscreenCanvas stand-in built on it. */
class RecordingCanvas {
  calls: string[] = [];
  constructor(
    public width: number,
    public height: number,
  ) {}
  getContext() {
    const calls = this.calls;
    return {
      globalAlpha: 1,
      fillStyle: '',
      strokeStyle: '',
      lineWidth: 1,
      lineCap: 'butt',
      save: () => calls.push('save'),
      restore: () => calls.push('restore'),
      createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4) }),
      putImageData: (data: { data: Uint8ClampedArray }) => calls.push(`putImageData ${Array.from(data.data).join(',')}`),
      drawImage: (image: unknown, x: number, y: number, w: number, h: number) => calls.push(`drawImage ${image instanceof RecordingCanvas ? 'canvas' : 'image'} ${x},${y},${w},${h}`),
      beginPath: () => calls.push('beginPath'),
      moveTo: (x: number, y: number) => calls.push(`moveTo ${x},${y}`),
      lineTo: (x: number, y: number) => calls.push(`lineTo ${x},${y}`),
      arc: (x: number, y: number, r: number) => calls.push(`arc ${x},${y},${r}`),
      stroke: () => calls.push('stroke'),
      fill: function (this: { fillStyle: string }) {
        calls.push(`fill ${this.fillStyle}`);
      },
    };
  }
}

describe('drawMask', () => {
  afterEach(() => {
    delete (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;
  });

  it('on an RGBA buffer: draws the image, blends the classes at the opacity, leaves background and unknown values as they are', () => {
    const target = rgba(3, 1);
    drawMask(target, rgbImage, labels, { opacity: 0.25 });
    const hair = LIP_PALETTE[2]!;
    expect(Array.from(target.data)).toEqual([100, 100, 100, 255, ...hair.map((c) => Math.round(0.75 * 100 + 0.25 * c)), 255, 10, 20, 30, 255]);
    // The default opacity (0.7) over what the buffer holds, from a segmentation.
    const again = { width: 3, height: 1, data: Uint8ClampedArray.from(target.data) };
    drawMask(again, null, { labels } as never);
    expect(again.data[4]).toBe(Math.round(0.3 * target.data[4]! + 0.7 * hair[0]));
    expect(() => drawMask(rgba(2, 1), rgbImage, labels)).toThrow(/the target is 2×1 but the mask is 3×1/);
    expect(() => drawMask(rgba(3, 1), { width: 3, height: 1, data: new Uint8Array(5) }, labels)).toThrow(/drawMask image is 3×1 but has 5 bytes; expected 9 \(RGB\) or 12 \(RGBA\)/);
    expect(() => drawMask({ width: 3, height: 1, data: new Uint8ClampedArray(9) }, null, labels)).toThrow(/drawMask target \(RGBA\): data has 9 values, expected 12/);
    expect(() => drawMask(rgba(3, 1), null, labels, { opacity: 1.5 })).toThrow(/opacity must be a number in \[0, 1\], got 1.5/);
    expect(() => drawMask(rgba(3, 1), { width: 3, height: 1 }, labels)).toThrow(/on an RGBA buffer, the image must be pixels/);
  });

  it('on a canvas: takes the image size, draws the image, then the coloured mask through a scratch canvas', () => {
    (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas = RecordingCanvas;
    const canvas = new RecordingCanvas(1, 1);
    drawMask(canvas, { width: 3, height: 1 }, labels, { opacity: 1 });
    expect([canvas.width, canvas.height]).toEqual([3, 1]);
    expect(canvas.calls).toEqual(['drawImage image 0,0,3,1', 'drawImage canvas 0,0,3,1']);
    const withPixels = new RecordingCanvas(3, 1);
    drawMask(withPixels, rgbImage, labels);
    expect(withPixels.calls[0]).toBe('putImageData 100,100,100,255,100,100,100,255,10,20,30,255');
    expect(() => drawMask({ width: 1, height: 1, getContext: () => null }, null, labels)).toThrow(/the canvas gives no 2D context/);
  });
});

describe('drawKeypoints', () => {
  it('on an RGBA buffer: limbs and joints, right side red and left side blue; joints below minScore left out', () => {
    const target = rgba(40, 20);
    // Right arm along row 5 (wrist x 2 → shoulder x 12), left arm along row 15; the rest far away and unconfident.
    const at = (k: number): [number, number] =>
      k === LipJoint.RightWrist ? [2, 5] : k === LipJoint.RightElbow ? [7, 5] : k === LipJoint.RightShoulder ? [12, 5] : k === LipJoint.LeftShoulder ? [12, 15] : k === LipJoint.LeftElbow ? [20, 15] : k === LipJoint.LeftWrist ? [30, 15] : [35, 2];
    const confident = new Set<number>([LipJoint.RightWrist, LipJoint.RightElbow, LipJoint.RightShoulder, LipJoint.LeftShoulder, LipJoint.LeftElbow, LipJoint.LeftWrist]);
    drawKeypoints(target, pose(at, (k) => (confident.has(k) ? 0.8 : 0.1)), { minScore: 0.5, radius: 1, lineWidth: 1 });
    const pixel = (x: number, y: number) => Array.from(target.data.slice(4 * (y * 40 + x), 4 * (y * 40 + x) + 4));
    expect(pixel(5, 5)).toEqual([255, 40, 40, 255]); // on the right forearm
    expect(pixel(25, 15)).toEqual([40, 90, 255, 255]); // on the left forearm
    expect(pixel(5, 7)).toEqual([0, 0, 0, 0]);
    expect(pixel(35, 2)).toEqual([0, 0, 0, 0]); // unconfident joints are not drawn
    // The shoulders are joined through the spine only, which is unconfident: nothing between them.
    expect(pixel(12, 10)).toEqual([0, 0, 0, 0]);
    expect(() => drawKeypoints(target, { keypoints: [], score: 0 })).toThrow(/expected a pose with the 16 LIP keypoints, got 0/);
    expect(() => drawKeypoints(target, pose(at), { radius: 0 })).toThrow(/radius must be a positive number, got 0/);
  });

  it('on a canvas: strokes the limbs and fills the joints at pixel centres', () => {
    const canvas = new RecordingCanvas(100, 100);
    drawKeypoints(canvas, pose((k) => [k, 2 * k]));
    expect(canvas.calls[0]).toBe('save');
    expect(canvas.calls.at(-1)).toBe('restore');
    expect(canvas.calls.filter((c) => c === 'stroke')).toHaveLength(15);
    expect(canvas.calls).toContain('arc 9.5,18.5,2');
    expect(canvas.calls).toContain('fill rgb(255, 40, 40)');
    expect(canvas.calls).toContain('fill rgb(40, 90, 255)');
  });
});
