import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTfCheckpointVariables, readTfCheckpoint } from '../../index.js';
import { listTfCheckpointVariablesFile, readTfCheckpointFile } from '../../node.js';
import { expectedTensors, expectedWeights, weightFixtures } from '../testing/weight-fixtures.js';
import type { WeightSource } from '../weight-source.js';
import { crc32c, maskCrc32c, unmaskCrc32c } from './crc32c.js';

const PREFIX = weightFixtures.path('jppnet_like.ckpt');
const SHARDS = ['jppnet_like.ckpt.data-00000-of-00002', 'jppnet_like.ckpt.data-00001-of-00002'];
const expected = expectedTensors('jppnet_like.ckpt');

function inMemory() {
  return { index: weightFixtures.bytes('jppnet_like.ckpt.index'), shards: SHARDS.map(weightFixtures.bytes) };
}

function expectValues(source: WeightSource, names: string[]) {
  expect(source.tensors.map((t) => t.name)).toEqual(names);
  for (const tensor of source.tensors) {
    const want = expected.find((e) => e.name === tensor.name)!;
    expect(tensor.shape, tensor.name).toEqual(want.shape);
    if (want.dtype === 'int64') {
      expect(tensor.dtype).toBe('int64');
      expect(tensor.values).toBeInstanceOf(BigInt64Array);
      expect(Array.from(tensor.values as BigInt64Array, String), tensor.name).toEqual(want.values);
    } else {
      expect(tensor.dtype).toBe('float32');
      expect(Array.from(tensor.values as Float32Array), tensor.name).toEqual(want.values);
    }
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'lip-ckpt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the fixture checkpoint in a scratch folder, with `edit` applied to one of its files. */
function corruptedCopy(name: string, file: string, edit: (bytes: Uint8Array) => Uint8Array): string {
  const prefix = join(scratch, name);
  mkdirSync(dirname(prefix), { recursive: true });
  for (const f of ['jppnet_like.ckpt.index', ...SHARDS]) {
    const target = prefix + f.slice('jppnet_like.ckpt'.length);
    if (f === file) writeFileSync(target, edit(weightFixtures.bytes(f)));
    else copyFileSync(weightFixtures.path(f), target);
  }
  return prefix;
}

const weightNames = [
  'bn2a_branch2a/beta',
  'bn2a_branch2a/gamma',
  'bn2a_branch2a/moving_mean',
  'bn2a_branch2a/moving_variance',
  'fc1_human_c0_s075/biases',
  'fc1_human_c0_s075/weights',
  'fc1_pose/pose_conv1/b',
  'fc1_pose/pose_conv1/w',
  'global_step',
  'res2a_branch2a/weights',
];

describe('crc32c', () => {
  it('matches the CRC-32C check value and masks like LevelDB', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    const long = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
    expect(crc32c(long.subarray(300), crc32c(long.subarray(0, 300)))).toBe(crc32c(long));
    // Unaligned starts and odd lengths take the byte-wise head and tail paths: compare with a bitwise CRC.
    const bitwise = (bytes: Uint8Array) => {
      let c = 0xffffffff;
      for (const byte of bytes) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return ~c >>> 0;
    };
    for (const [start, end] of [[0, 1000], [1, 1000], [3, 998], [5, 12], [2, 3], [0, 0]] as const) {
      expect(crc32c(long.subarray(start, end)), `${start}..${end}`).toBe(bitwise(long.subarray(start, end)));
    }
    expect(unmaskCrc32c(maskCrc32c(0x12345678))).toBe(0x12345678);
  });
});

describe('readTfCheckpoint', () => {
  it('lists every variable with dtype and shape, optimizer slots included', () => {
    const variables = listTfCheckpointVariables(inMemory().index);
    expect(variables.map((v) => v.name)).toEqual(expected.map((e) => e.name));
    expect(variables.find((v) => v.name === 'global_step')).toEqual({ name: 'global_step', dtype: 'int64', shape: [] });
    expect(variables.find((v) => v.name === 'res2a_branch2a/weights/Momentum')).toEqual({
      name: 'res2a_branch2a/weights/Momentum',
      dtype: 'float32',
      shape: [1, 1, 4, 3],
    });
    expect(listTfCheckpointVariables(inMemory())).toEqual(variables);
  });

  it('reads every tensor from both shards exactly, int64 beyond 2^53 included, and drops Momentum slots', () => {
    const source = readTfCheckpoint(inMemory(), { description: 'jppnet_like.ckpt' });
    expect(source.format).toBe('tf-checkpoint');
    expect(source.description).toBe('jppnet_like.ckpt');
    expectValues(source, weightNames);
    const step = source.tensors.find((t) => t.name === 'global_step')!;
    expect((step.values as BigInt64Array)[0]).toBe(2n ** 53n + 3n);
  });

  it('keeps the slots when asked, and filters with include', () => {
    const all = readTfCheckpoint(inMemory(), { skipOptimizerSlots: false });
    expectValues(all, expected.map((e) => e.name));
    const some = readTfCheckpoint(inMemory(), { include: (name) => name.startsWith('bn2a') });
    expect(some.tensors.map((t) => t.name)).toEqual(weightNames.slice(0, 4));
  });

  it('maps names to layers and Keras roles', () => {
    const source = readTfCheckpoint(inMemory());
    expect(source.tensors.map((t) => [t.name, t.layer, t.role])).toEqual([
      ['bn2a_branch2a/beta', 'bn2a_branch2a', 'beta'],
      ['bn2a_branch2a/gamma', 'bn2a_branch2a', 'gamma'],
      ['bn2a_branch2a/moving_mean', 'bn2a_branch2a', 'moving_mean'],
      ['bn2a_branch2a/moving_variance', 'bn2a_branch2a', 'moving_variance'],
      ['fc1_human_c0_s075/biases', 'fc1_human_c0_s075', 'bias'],
      ['fc1_human_c0_s075/weights', 'fc1_human_c0_s075', 'kernel'],
      ['fc1_pose/pose_conv1/b', 'fc1_pose/pose_conv1', 'bias'],
      ['fc1_pose/pose_conv1/w', 'fc1_pose/pose_conv1', 'kernel'],
      ['global_step', '', 'global_step'],
      ['res2a_branch2a/weights', 'res2a_branch2a', 'kernel'],
    ]);
  });

  it('checks the shard count', () => {
    const { index, shards } = inMemory();
    expect(() => readTfCheckpoint({ index, shards: shards.slice(0, 1) }, { description: 'x.ckpt' })).toThrow(
      'x.ckpt: the index names 2 data shard(s), 1 given',
    );
  });

  it('rejects an index that is missing, empty, truncated or corrupt', () => {
    const { index, shards } = inMemory();
    expect(() => readTfCheckpoint({ index: undefined as unknown as Uint8Array, shards }, { description: 'x.ckpt' })).toThrow(
      'x.ckpt: no index given',
    );
    expect(() => readTfCheckpoint({ index: new Uint8Array(0), shards }, { description: 'x.ckpt' })).toThrow('x.ckpt index: the index file is empty');
    expect(() => readTfCheckpoint({ index: index.subarray(0, index.length - 10), shards }, { description: 'x.ckpt' })).toThrow(
      /^x\.ckpt index: bad table magic number/,
    );
    const flipped = index.slice();
    flipped[20]! ^= 0x40; // inside the first data block
    expect(() => readTfCheckpoint({ index: flipped, shards }, { description: 'x.ckpt' })).toThrow(/^x\.ckpt index: data block at 0: CRC-32C mismatch/);
  });

  it('names the variable and the shard when a tensor is corrupt or cut off', () => {
    const { index, shards } = inMemory();
    const bad = shards[1]!.slice();
    bad[bad.length - 1]! ^= 1;
    expect(() => readTfCheckpoint({ index, shards: [shards[0]!, bad] }, { description: 'x.ckpt' })).toThrow(
      /^x\.ckpt: variable fc1_pose\/pose_conv1\/w: CRC-32C mismatch in x\.ckpt data shard 1 \(data-00001-of-00002\) \(bytes \[\d+, 680\): stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\); the file is corrupt$/,
    );
    expect(() => readTfCheckpoint({ index, shards: [shards[0]!, shards[1]!.subarray(0, 600)] }, { description: 'x.ckpt' })).toThrow(
      /^x\.ckpt: variable fc1_pose\/pose_conv1\/w: needs bytes \[\d+, 680\) of x\.ckpt data shard 1 \(data-00001-of-00002\), which has only 600 bytes \(truncated\)$/,
    );
  });
});

describe('readTfCheckpointFile', () => {
  it('reads the checkpoint from its prefix, its .index path or a directory with a checkpoint state file', async () => {
    expectValues(await readTfCheckpointFile(PREFIX), weightNames);
    expect((await readTfCheckpointFile(`${PREFIX}.index`)).tensors.length).toBe(weightNames.length);
    const dir = join(scratch, 'state');
    corruptedCopy('state/model.ckpt-42', '', (b) => b);
    writeFileSync(join(dir, 'checkpoint'), 'model_checkpoint_path: "model.ckpt-42"\nall_model_checkpoint_paths: "model.ckpt-42"\n');
    const source = await readTfCheckpointFile(dir, { skipOptimizerSlots: false });
    expect(source.description).toBe(dir);
    expectValues(source, expected.map((e) => e.name));
    expect((await listTfCheckpointVariablesFile(dir)).length).toBe(expected.length);
    expect(expectedWeights.jppnet_like_files).toEqual(['jppnet_like.ckpt.data-00000-of-00002', 'jppnet_like.ckpt.data-00001-of-00002', 'jppnet_like.ckpt.index']);
  });

  it('names the missing index or shard file', async () => {
    await expect(readTfCheckpointFile('/nowhere/model.ckpt')).rejects.toThrow('no TF checkpoint at /nowhere/model.ckpt: /nowhere/model.ckpt.index not found');
    const prefix = join(scratch, 'one-shard', 'model.ckpt');
    corruptedCopy('one-shard/model.ckpt', '', (b) => b);
    rmSync(`${prefix}.data-00001-of-00002`);
    await expect(readTfCheckpointFile(prefix)).rejects.toThrow(`data shard file(s) not found: ${prefix}.data-00001-of-00002`);
    await expect(readTfCheckpointFile(scratch)).rejects.toThrow('is a directory without a "checkpoint" state file');
  });

  it('names the variable and the file for a truncated shard or a bad CRC', async () => {
    const truncated = corruptedCopy('truncated.ckpt', SHARDS[0]!, (b) => b.subarray(0, 100));
    await expect(readTfCheckpointFile(truncated)).rejects.toThrow(
      new RegExp(`^${truncated}: variable \\S+: needs bytes \\[\\d+, \\d+\\) of ${truncated}\\.data-00000-of-00002, which has only 100 bytes \\(truncated\\)$`),
    );
    const flipped = corruptedCopy('flipped.ckpt', SHARDS[0]!, (b) => {
      const c = b.slice();
      c[0]! ^= 0x80;
      return c;
    });
    await expect(readTfCheckpointFile(flipped)).rejects.toThrow(
      new RegExp(`^${flipped}: variable bn2a_branch2a/beta: CRC-32C mismatch in ${flipped}\\.data-00000-of-00002`),
    );
  });
});

describe('TF2 object-based checkpoints', () => {
  const object = () => ({
    index: weightFixtures.bytes('tf2_object.ckpt.index'),
    shards: [weightFixtures.bytes('tf2_object.ckpt.data-00000-of-00001')],
  });

  it('skips the object graph, strips /.ATTRIBUTES/VARIABLE_VALUE for layer and role, widens float16 and narrows float64', () => {
    expect(listTfCheckpointVariables(object().index).find((v) => v.name === '_CHECKPOINTABLE_OBJECT_GRAPH')).toEqual({
      name: '_CHECKPOINTABLE_OBJECT_GRAPH',
      dtype: 'string',
      shape: [],
    });
    const source = readTfCheckpoint(object(), { description: 'tf2_object.ckpt' });
    const want = expectedTensors('tf2_object.ckpt');
    expect(source.tensors.map((t) => [t.name, t.layer, t.role, t.dtype])).toEqual([
      ['res2a_branch2a/biases/.ATTRIBUTES/VARIABLE_VALUE', 'res2a_branch2a', 'bias', 'float16'],
      ['res2a_branch2a/scale/.ATTRIBUTES/VARIABLE_VALUE', 'res2a_branch2a', 'scale', 'float32'],
      ['res2a_branch2a/weights/.ATTRIBUTES/VARIABLE_VALUE', 'res2a_branch2a', 'kernel', 'float32'],
      ['step/.ATTRIBUTES/VARIABLE_VALUE', '', 'step', 'int64'],
    ]);
    for (const tensor of source.tensors) {
      const expectedTensor = want.find((e) => e.name === tensor.name)!;
      expect(tensor.shape).toEqual(expectedTensor.shape);
      const values = tensor.values instanceof BigInt64Array ? Array.from(tensor.values, String) : Array.from(tensor.values);
      expect(values, tensor.name).toEqual(expectedTensor.values);
    }
  });
});

describe('optimizer state detection', () => {
  it('knows TF1 slots, Adam powers and TF2 optimizer slots, and nothing else', async () => {
    const { isOptimizerState } = await import('./tf-variable-name.js');
    for (const name of [
      'res2a_branch2a/weights/Momentum',
      'conv/kernel/Adam',
      'conv/kernel/Adam_1',
      'fc/biases/RMSProp_1',
      'beta1_power',
      'beta2_power_3',
      'model/layer-1/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE',
      'optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE',
    ]) {
      expect(isOptimizerState(name), name).toBe(true);
    }
    for (const name of ['global_step', 'res2a_branch2a/weights', 'bn2a_branch2a/moving_mean', 'Momentum', 'adam/weights']) {
      expect(isOptimizerState(name), name).toBe(false);
    }
  });
});
