import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIP_PALETTE } from '@lip/schema';
import { useBackend } from '../backend/use-backend.js';
import { createSegmentation } from './create-segmentation.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const labels = { width: 3, height: 2, data: Uint8Array.from([0, 13, 2, 14, 15, 19]) };

describe('createSegmentation', () => {
  afterEach(() => {
    delete (globalThis as { ImageData?: unknown }).ImageData;
  });

  it('names mask values, colours the labels as RGBA and gives them as an int32 tensor', () => {
    const segmentation = createSegmentation(labels);
    expect(segmentation.labels).toBe(labels);
    expect(segmentation.maskValueToLabel(0)).toBe('Background');
    expect(segmentation.maskValueToLabel(14)).toBe('Left-arm');
    expect(segmentation.maskValueToLabel(19)).toBe('Right-shoe');
    for (const bad of [20, -1, 1.5, 255, Number.NaN]) expect(() => segmentation.maskValueToLabel(bad)).toThrow(RangeError);
    expect(() => segmentation.maskValueToLabel(255)).toThrow(/maskValueToLabel: 255 is not a LIP class id \(an integer 0–19\)/);

    const image = segmentation.toImageData();
    expect([image.width, image.height]).toEqual([3, 2]);
    expect(Array.from(image.data.slice(0, 8))).toEqual([0, 0, 0, 0, ...LIP_PALETTE[13]!, 255]);
    expect(segmentation.toImageData({ opacity: 0.5, backgroundOpacity: 1 }).data[3]).toBe(255);

    const before = tf.memory().numTensors;
    const tensor = segmentation.toTensor();
    expect(tensor.dtype).toBe('int32');
    expect(tensor.shape).toEqual([2, 3]);
    expect(Array.from(tensor.dataSync())).toEqual([0, 13, 2, 14, 15, 19]);
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns a real ImageData where the global exists', () => {
    class ImageData {
      constructor(
        readonly data: Uint8ClampedArray,
        readonly width: number,
        readonly height: number,
      ) {}
    }
    (globalThis as { ImageData?: unknown }).ImageData = ImageData;
    const image = createSegmentation(labels).toImageData();
    expect(image).toBeInstanceOf(ImageData);
    expect(image.data).toHaveLength(24);
  });

  it('rejects a label map whose data does not fit its size', () => {
    expect(() => createSegmentation({ width: 3, height: 2, data: new Uint8Array(5) })).toThrow(/createSegmentation labels: data has 5 values, expected 6/);
    expect(() => createSegmentation(null as never)).toThrow(/expected a label map/);
  });
});
