import type { io } from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSystem } from './node-file-system.js';
import { bundleChildScript, startChild } from './test-support/child-script.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lip-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Version k: both weights filled with k, topology {version: k}, as the save-loop child writes. */
function artifacts(version: number, floats = 1000): io.ModelArtifacts {
  const data = new Float32Array(2 * floats).fill(version);
  return {
    modelTopology: { version },
    format: 'layers-model',
    weightSpecs: [
      { name: 'a/kernel', shape: [floats], dtype: 'float32' },
      { name: 'b/kernel', shape: [floats], dtype: 'float32' },
    ],
    weightData: data.buffer,
  };
}

/** The version a directory holds, checking that every byte agrees with it (no mix of two saves). */
async function versionIn(dir: string): Promise<number> {
  const loaded = await nodeFileSystem(dir).load();
  const version = (loaded.modelTopology as { version: number }).version;
  const buffers = Array.isArray(loaded.weightData) ? loaded.weightData : [loaded.weightData!];
  for (const b of buffers) for (const v of new Float32Array(b)) if (v !== version) throw new Error(`${dir}: weight value ${v} in a version-${version} model`);
  return version;
}

async function siblings(dir: string): Promise<string[]> {
  const name = dir.split('/').pop()!;
  return (await readdir(join(dir, '..'))).filter((n) => n.startsWith(`.${name}.`));
}

describe('nodeFileSystem', () => {
  it('writes the standard tfjs layout (model.json + converter-named shards) and reads it back', async () => {
    const dir = join(root, 'layout');
    const handler = nodeFileSystem(dir, { shardSizeBytes: 3000 });
    const result = await handler.save({ ...artifacts(3), userDefinedMetadata: { note: 'hi' } });
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(8000);
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin', 'model.json']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toEqual([{ paths: ['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin'], weights: artifacts(3).weightSpecs }]);
    expect(json.userDefinedMetadata).toEqual({ note: 'hi' });
    expect(await versionIn(dir)).toBe(3);
    expect(await versionIn(join(dir, 'model.json'))).toBe(3);
    // Saving again replaces shards that are no longer listed.
    await nodeFileSystem(dir).save(artifacts(4));
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(await versionIn(dir)).toBe(4);
    expect(await siblings(dir)).toEqual([]);
  });

  it('refuses to replace a directory holding other files, and to save to a .json path', async () => {
    const dir = join(root, 'foreign');
    await nodeFileSystem(dir).save(artifacts(1));
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await expect(nodeFileSystem(dir).save(artifacts(2))).rejects.toThrow(/refusing to save into .*foreign: it holds files that are not part of a saved model \(notes\.txt\)/);
    expect(await versionIn(dir)).toBe(1);
    await expect(nodeFileSystem(join(dir, 'model.json')).save(artifacts(2))).rejects.toThrow(/save to a directory, not to a \.json file/);
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    await expect(nodeFileSystem(file).save(artifacts(2))).rejects.toThrow(/is a file, not a directory/);
  });

  it('gives clear errors for missing, corrupt and truncated models', async () => {
    await expect(nodeFileSystem(join(root, 'nothing')).load()).rejects.toThrow(/no model at .*nothing\/model\.json \(file not found\)/);
    const dir = join(root, 'broken');
    await nodeFileSystem(dir, { shardSizeBytes: 4000 }).save(artifacts(1));
    await truncate(join(dir, 'group1-shard2of2.bin'), 100);
    await expect(nodeFileSystem(dir).load()).rejects.toThrow(/the manifest's 2 tensors need 8000 bytes but the weight files hold 4100/);
    await rm(join(dir, 'group1-shard2of2.bin'));
    await expect(nodeFileSystem(dir).load()).rejects.toThrow(/weight file 'group1-shard2of2\.bin' listed in .*model\.json is missing/);
    await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(nodeFileSystem(dir).load()).rejects.toThrow(/model\.json is not valid JSON/);
    await writeFile(join(dir, 'model.json'), '{"weightsManifest": []}');
    await expect(nodeFileSystem(dir).load()).rejects.toThrow(/has no modelTopology: not a tfjs model\.json/);
  });

  it('keeps the previous model when a save fails before the swap (injected failure), leaving no temporary files', async () => {
    const dir = join(root, 'injected');
    await nodeFileSystem(dir).save(artifacts(1));
    const failing = nodeFileSystem(dir, { hooks: { beforeSwap: () => { throw new Error('disk full (injected)'); } } });
    await expect(failing.save(artifacts(2))).rejects.toThrow('disk full (injected)');
    expect(await versionIn(dir)).toBe(1);
    const failingLate = nodeFileSystem(dir, { hooks: { betweenRenames: () => { throw new Error('injected between renames'); } } });
    await expect(failingLate.save(artifacts(3))).rejects.toThrow('injected between renames');
    expect(await versionIn(dir)).toBe(1);
    expect(await siblings(dir)).toEqual([]);
  });

  describe('with a real SIGKILL', () => {
    let script: string;
    beforeAll(async () => {
      script = await bundleChildScript(fileURLToPath(new URL('./test-support/save-loop.child.ts', import.meta.url)));
    });
    afterAll(async () => {
      await rm(script, { force: true });
    });

    it('a process killed at random moments of its saves always leaves the old or the new model, never a partial one', async () => {
      const dir = join(root, 'killed');
      let kills = 0;
      let midSave = 0;
      let lastSaved = 0;
      let rand = 12345;
      const random = () => ((rand = (Math.imul(rand, 1103515245) + 12345) >>> 0) / 2 ** 32);
      for (let round = 0; round < 6; round++) {
        const child = startChild(script, [dir, String(1 << 18)]); // 2 MiB per version, 2 shards
        const target = 1 + Math.floor(random() * 2);
        await child.waitForLine(new RegExp(`^saving ${target}$`));
        await new Promise((r) => setTimeout(r, random() * 60));
        child.process.kill('SIGKILL');
        const { signal } = await child.exited;
        if (signal === 'SIGKILL') kills++;
        const saving = Math.max(...child.lines.filter((l) => l.startsWith('saving')).map((l) => Number(l.split(' ')[1])));
        const saved = Math.max(0, ...child.lines.filter((l) => l.startsWith('saved')).map((l) => Number(l.split(' ')[1])));
        // Before the child's first completed save the directory holds the previous round's last version.
        const version = await versionIn(dir);
        expect([saved > 0 ? saved : lastSaved, saving]).toContain(version);
        if (saving > saved) midSave++;
        lastSaved = version;
      }
      expect(kills).toBe(6);
      expect(midSave).toBeGreaterThan(0); // the kills did land inside saves
      // A later save cleans up what killed writers left.
      await nodeFileSystem(dir).save(artifacts(99, 10));
      expect(await versionIn(dir)).toBe(99);
      expect(await siblings(dir)).toEqual([]);
    });

    it('a process killed between the two renames leaves the old model beside the directory; loads find it and the next save restores it', async () => {
      const dir = join(root, 'between');
      await nodeFileSystem(dir).save(artifacts(7));
      const child = startChild(script, [dir, '1000', '--crash-between-renames']);
      const { signal } = await child.exited;
      expect(signal).toBe('SIGKILL');
      await expect(stat(dir)).rejects.toThrow(/ENOENT/);
      const left = await siblings(dir);
      expect(left.some((n) => n.includes('.old-'))).toBe(true);
      expect(await versionIn(dir)).toBe(7); // read from the kept previous version
      await nodeFileSystem(dir).save(artifacts(8));
      expect(await versionIn(dir)).toBe(8);
      expect(await siblings(dir)).toEqual([]);
    });
  });
});
