import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '@lip/schema';
import { decodeRgbImage } from '@lip/dataset/node';
import { generateSyntheticSample } from '@lip/dataset/synthetic';
import { ConvertError } from '../convert-error.js';

/** Seed and index of the default test image: one synthetic mini-LIP sample (`@lip/dataset/synthetic`). */
export const TEST_IMAGE_SEED = 1;
export const TEST_IMAGE_INDEX = 0;

/** The comparison image: decoded, given, or (null) the synthetic sample made at the model's size later. */
export interface TestImage {
  readonly image: RgbImage | null;
  readonly description: string;
}

/** Reads `--test-image` up front (a file decoded with sharp's `decodeRgbImage`, errors naming it), or checks an RgbImage. */
export async function readTestImage(testImage: string | RgbImage | undefined): Promise<TestImage> {
  if (testImage == null) return { image: null, description: '' };
  if (typeof testImage === 'string') {
    let bytes: Buffer;
    try {
      bytes = await readFile(testImage);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ConvertError(code === 'ENOENT' ? `test image ${testImage} not found` : `cannot read the test image ${testImage}: ${(e as Error).message}`);
    }
    const image = await decodeRgbImage(bytes, testImage, null);
    return { image, description: `${testImage} (${image.width}×${image.height})` };
  }
  const { width, height, data } = testImage;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || data?.length !== width * height * 3) {
    throw new ConvertError('testImage must be a file path or an RgbImage {width, height, data} with 3 bytes per pixel');
  }
  return { image: testImage, description: `the image given (${width}×${height})` };
}

/**
 * The comparison image as RGB [h, w, 3] float32 (0..255) at `size`; without an image, the deterministic synthetic
 * sample at the model's input size. Images of another size are resized bilinearly (stretched) to `size`.
 */
export function testImageTensor(test: TestImage, size: readonly [number, number]): { rgb: tf.Tensor3D; description: string } {
  let { image, description } = test;
  if (image == null) {
    const side = Math.max(16, size[0], size[1]);
    image = generateSyntheticSample(TEST_IMAGE_SEED, TEST_IMAGE_INDEX, side).image;
    description = `synthetic sample ${TEST_IMAGE_INDEX} of seed ${TEST_IMAGE_SEED} (${side}×${side})`;
  }
  const { width, height, data } = image;
  const rgb = tf.tidy(() => {
    const t = tf.tensor3d(Float32Array.from(data), [height, width, 3]);
    return height === size[0] && width === size[1] ? t : (tf.image.resizeBilinear(t, [size[0], size[1]], false, true) as tf.Tensor3D);
  });
  return { rgb, description };
}
