import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKerasWeights } from '../../index.js';
import { readKerasWeightsFile } from '../../node.js';
import { expectedTensors, expectedWeights, weightFixtures } from '../testing/weight-fixtures.js';
import type { WeightSource } from '../weight-source.js';

function expectTensorsMatch(source: WeightSource, file: string) {
  const expected = expectedTensors(file);
  expect(source.tensors.map((t) => t.name).sort()).toEqual(expected.map((t) => t.name).sort());
  for (const want of expected) {
    const got = source.tensors.find((t) => t.name === want.name)!;
    expect(got.shape, want.name).toEqual(want.shape);
    expect(got.dtype, want.name).toBe(want.stored === 'float16' ? 'float16' : 'float32');
    expect(got.values).toBeInstanceOf(Float32Array);
    // float32 values are exact: the fixture stores each one as the double it widens to.
    expect(Array.from(got.values as Float32Array), want.name).toEqual(want.values);
    if (want.layer !== undefined) expect(got.layer, want.name).toBe(want.layer);
    if (want.role !== undefined) expect(got.role, want.name).toBe(want.role);
  }
}

describe('readKerasWeightsFile', () => {
  it('reads the Keras 2 model.save layout: model_weights/, :0 names, null padding, nested model, gzip, float16', async () => {
    const source = await readKerasWeightsFile(weightFixtures.path('keras2_model.h5'));
    expect(source.format).toBe('keras2');
    expect(source.description).toBe(weightFixtures.path('keras2_model.h5'));
    expectTensorsMatch(source, 'keras2_model.h5');
    // The nested trunk group: layers come from the weight names, not from the group.
    const trunk = source.tensors.filter((t) => t.name.startsWith('resnet101_model/'));
    expect(trunk.map((t) => `${t.layer}/${t.role}`)).toEqual([
      'conv1_1_3x3_s2/kernel',
      'conv1_1_3x3_s2_bn/gamma',
      'conv1_1_3x3_s2_bn/beta',
      'conv1_1_3x3_s2_bn/moving_mean',
      'conv1_1_3x3_s2_bn/moving_variance',
      'conv2_1_1x1_reduce/kernel',
      'conv2_1_1x1_reduce_bn/gamma',
      'conv2_1_1x1_reduce_bn/beta',
      'conv2_1_1x1_reduce_bn/moving_mean',
      'conv2_1_1x1_reduce_bn/moving_variance',
    ]);
    const half = source.tensors.find((t) => t.name === 'mask_class_conv/mask_class_conv/bias:0')!;
    expect(half.dtype).toBe('float16');
  });

  it('reads the Keras 2 save_weights layout (groups at the root), a uniquified TF scope and a scalar weight', async () => {
    const source = await readKerasWeightsFile(weightFixtures.path('keras2_weights.h5'));
    expect(source.format).toBe('keras2');
    expectTensorsMatch(source, 'keras2_weights.h5');
    expect(source.tensors.map((t) => `${t.layer}/${t.role}`)).toEqual([
      'conv_a/kernel',
      'conv_a/bias',
      'conv_a_bn/gamma',
      'conv_a_bn/beta',
      'conv_a_bn/moving_mean',
      'conv_a_bn/moving_variance',
      'conv_b/kernel',
      'conv_b/bias',
      'learned_scale/alpha',
    ]);
    const scalar = source.tensors.find((t) => t.layer === 'learned_scale')!;
    expect(scalar.shape).toEqual([]);
    expect(Array.from(scalar.values as Float32Array)).toEqual([0.625]);
  });

  it('reads a real Keras 3 legacy model.save(".h5") file (names without :0)', async () => {
    const source = await readKerasWeightsFile(weightFixtures.path('keras3_legacy.h5'));
    expect(source.format).toBe('keras3-legacy');
    expectTensorsMatch(source, 'keras3_legacy.h5');
    expect(source.tensors.map((t) => `${t.layer}/${t.role}`)).toEqual([
      'conv1/kernel',
      'conv1/bias',
      'conv1_bn/gamma',
      'conv1_bn/beta',
      'conv1_bn/moving_mean',
      'conv1_bn/moving_variance',
      'conv2_atrous/kernel',
      'fc/kernel',
      'fc/bias',
    ]);
  });

  it('rejects the Keras 3 .weights.h5 layout with an error naming it', async () => {
    await expect(readKerasWeightsFile(weightFixtures.path('keras3.weights.h5'))).rejects.toThrow(
      /keras3\.weights\.h5: this is the Keras 3 "\.weights\.h5" layout \(layers\/<class>\/vars\/0\.\.n\).*model\.save\("x\.h5"\)/,
    );
  });

  it('names a missing file', async () => {
    await expect(readKerasWeightsFile('/nowhere/model.h5')).rejects.toThrow('Keras weights file not found: /nowhere/model.h5');
  });
});

describe('readKerasWeights (bytes)', () => {
  it('gives the same tensors as the file reader, from a Uint8Array or an ArrayBuffer', async () => {
    for (const file of ['keras2_model.h5', 'keras2_weights.h5', 'keras3_legacy.h5']) {
      const bytes = weightFixtures.bytes(file);
      const fromBytes = await readKerasWeights(bytes, { description: file });
      expect(fromBytes.description).toBe(file);
      expectTensorsMatch(fromBytes, file);
      const fromBuffer = await readKerasWeights(bytes.slice().buffer);
      expect(fromBuffer.description).toBe('Keras weights');
      expect(fromBuffer.tensors).toEqual(fromBytes.tensors);
    }
  });

  it('reports a truncated file with its name and the HDF5 reason', async () => {
    const bytes = weightFixtures.bytes('keras2_model.h5');
    await expect(readKerasWeights(bytes.subarray(0, 30_000), { description: 'ssnan.h5' })).rejects.toThrow(
      /^ssnan\.h5: not a readable HDF5 file: truncated file: eof = 30000.*stored_eof = 60216/,
    );
    await expect(readKerasWeights(bytes.subarray(0, 100), { description: 'ssnan.h5' })).rejects.toThrow(/^ssnan\.h5: not a readable HDF5 file: truncated file/);
  });

  it('names the tensor whose compressed data is corrupt', async () => {
    const { name, offset, size } = expectedWeights.keras2_model_chunk;
    const bytes = weightFixtures.bytes('keras2_model.h5').slice();
    bytes.fill(0xab, offset + 2, offset + size); // keep the zlib header, destroy the deflate stream
    await expect(readKerasWeights(bytes, { description: 'ssnan.h5' })).rejects.toThrow(
      new RegExp(`^ssnan\\.h5: weight ${name.replace(/[/.]/g, '\\$&')}: cannot read: .+`),
    );
  });

  it('recognises a Keras 3 .keras zip archive', async () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
    await expect(readKerasWeights(zip, { description: 'model.keras' })).rejects.toThrow(
      'model.keras: this is a zip archive (a Keras 3 ".keras" file), not HDF5.',
    );
    const dir = mkdtempSync(join(tmpdir(), 'lip-keras-'));
    const path = join(dir, 'model.keras');
    writeFileSync(path, zip);
    try {
      await expect(readKerasWeightsFile(path)).rejects.toThrow(`${path}: this is a zip archive`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a file that is not HDF5 at all', async () => {
    await expect(readKerasWeights(new Uint8Array(4096).fill(7), { description: 'junk.h5' })).rejects.toThrow(
      /^junk\.h5: not a readable HDF5 file: .*signature/,
    );
  });
});
