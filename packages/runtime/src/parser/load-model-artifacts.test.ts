import { mkdirSync, mkdtempSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend/use-backend.js';
import { modelArtifactsToFiles } from '../io/model-files.js';
import { serveDirectory, type StaticServer } from '../testing/static-server.js';
import { assignWeightsByName } from './assign-weights-by-name.js';
import { loadModelArtifacts } from './load-model-artifacts.js';
import { ModelLoadError } from './model-load-error.js';

const root = mkdtempSync(join(tmpdir(), 'lip-model-artifacts-'));
let server: StaticServer;
let base: string;
let artifacts: tf.io.ModelArtifacts;

function toyModel(units = 4, seed = 1): tfl.LayersModel {
  const input = tfl.input({ shape: [3] });
  const hidden = tfl.layers.dense({ units, activation: 'relu', name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }).apply(input);
  const output = tfl.layers.dense({ units: 2, name: 'out', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }).apply(hidden) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output, name: 'toy' });
  model.setUserDefinedMetadata({ toy: { numClasses: 2 } });
  return model;
}

async function artifactsOf(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  return saved!;
}

/** Writes the model as the converter lays it out, in 3 shards. */
function writeModel(dir: string, edit?: (json: tf.io.ModelJSON) => void): void {
  mkdirSync(join(root, dir), { recursive: true });
  const files = modelArtifactsToFiles(artifacts, 40);
  for (const file of files) {
    let data = file.data;
    if (file.name === 'model.json' && edit) {
      const json = JSON.parse(file.data as string) as tf.io.ModelJSON;
      edit(json);
      data = JSON.stringify(json);
    }
    writeFileSync(join(root, dir, file.name), data);
  }
}

function outputOf(model: tfl.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.tensor2d([[1, -2, 3]])) as tf.Tensor).dataSync()));
}

beforeAll(async () => {
  await useBackend('cpu');
  artifacts = await artifactsOf(toyModel());
  writeModel('toy');
  writeModel('other', (json) => (json.userDefinedMetadata = { pspnet: {} }));
  writeModel('graph', (json) => (json.format = 'graph-model'));
  writeModel('float64', (json) => (json.weightsManifest[0]!.weights[1]!.dtype = 'float64' as 'float32'));
  writeModel('missing-shard');
  unlinkSync(join(root, 'missing-shard', 'group1-shard2of3.bin'));
  writeModel('truncated');
  truncateSync(join(root, 'truncated', 'group1-shard3of3.bin'), 4);
  writeFileSync(join(root, 'not-a-model.json'), JSON.stringify({ hello: 'world' }));
  server = await serveDirectory(root, (path) =>
    path.startsWith('/spa/') ? { status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html><body>app</body></html>' } : undefined,
  );
  base = server.url;
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('loadModelArtifacts', () => {
  it('fetches model.json and its shards from a URL, reporting progress, and the weights go into a fresh model by name', async () => {
    const progress: number[] = [];
    const url = `${base}/toy/model.json?v=2`;
    const { artifacts: loaded, source, metadata } = await loadModelArtifacts(url, { expectMetadataKey: 'toy', onProgress: (f) => progress.push(f) });
    expect(source).toBe(url);
    expect(metadata).toEqual({ numClasses: 2 });
    expect(progress).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(server.requests.filter((p) => p.startsWith('/toy/'))).toEqual(expect.arrayContaining(['/toy/model.json', '/toy/group1-shard1of3.bin', '/toy/group1-shard3of3.bin']));
    const original = toyModel();
    const fresh = toyModel(4, 99);
    expect(outputOf(fresh)).not.toEqual(outputOf(original));
    const before = tf.memory().numTensors;
    expect(assignWeightsByName(fresh, loaded, source).sort()).toEqual(['hidden/bias', 'hidden/kernel', 'out/bias', 'out/kernel']);
    expect(tf.memory().numTensors).toBe(before);
    expect(outputOf(fresh)).toEqual(outputOf(original));
    tf.dispose([original, fresh].flatMap((m) => m.weights.map((w) => w.read())));
  });

  it('loads through an IOHandler (tf.io.fromMemory) and checks what it gives', async () => {
    const progress: number[] = [];
    const { artifacts: loaded, source } = await loadModelArtifacts(tf.io.fromMemory(artifacts), { expectMetadataKey: 'toy', onProgress: (f) => progress.push(f) });
    expect(source).toBe('the IOHandler');
    expect(loaded.weightSpecs).toHaveLength(4);
    expect(progress).toEqual([1]);
    await expect(loadModelArtifacts(tf.io.fromMemory(artifacts), { expectMetadataKey: 'jppnet', source: 'memory' })).rejects.toThrow(/memory: not a 'jppnet' model: model.json's userDefinedMetadata has no 'jppnet' entry \(it has toy\)/);
    await expect(loadModelArtifacts({ load: async () => Promise.reject(new Error('boom')) })).rejects.toThrow(/the IOHandler: cannot load the model: boom/);
    await expect(loadModelArtifacts(tf.io.fromMemory({ modelTopology: {} }))).rejects.toThrow(/the IOHandler: the model has no weights/);
    await expect(loadModelArtifacts(tf.io.fromMemory({ modelTopology: new ArrayBuffer(4), weightSpecs: [], weightData: new ArrayBuffer(0) }))).rejects.toThrow(/a graph model \(binary topology\)/);
    const short = { ...artifacts, weightData: (artifacts.weightData as ArrayBuffer).slice(0, 20) };
    await expect(loadModelArtifacts(tf.io.fromMemory(short))).rejects.toThrow(/the IOHandler: the weights are truncated: its weight data hold 20 bytes, the manifest's 4 tensors need 104; 'hidden\/kernel' would end at byte 48/);
    const long = { ...artifacts, weightData: [artifacts.weightData as ArrayBuffer, new ArrayBuffer(4)] };
    await expect(loadModelArtifacts(tf.io.fromMemory(long))).rejects.toThrow(/its weight data hold 108 bytes but the manifest's 4 tensors need 104: the weights do not belong to this model.json/);
    await expect(loadModelArtifacts({} as never)).rejects.toThrow(/model must be the URL of a model.json or a tf.io.IOHandler/);
  });

  it('refuses another model before fetching its weights (metadata key, checkMetadata)', async () => {
    server.requests.length = 0;
    const error = await loadModelArtifacts(`${base}/other/model.json`, { expectMetadataKey: 'toy' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/\/other\/model.json: not a 'toy' model: model.json's userDefinedMetadata has no 'toy' entry \(it has pspnet\)/);
    const checkMetadata = (m: unknown) => ((m as { numClasses: number }).numClasses !== 20 ? `it has ${(m as { numClasses: number }).numClasses} classes; this parser needs 20` : null);
    await expect(loadModelArtifacts(`${base}/toy/model.json`, { expectMetadataKey: 'toy', checkMetadata })).rejects.toThrow(/toy\/model.json: it has 2 classes; this parser needs 20/);
    expect(server.requests.filter((p) => p.endsWith('.bin'))).toEqual([]);
  });

  it('names the URL and what was expected for every broken model', async () => {
    await expect(loadModelArtifacts(`${base}/nowhere/model.json`)).rejects.toThrow(/\/nowhere\/model.json: HTTP 404 Not Found: model.json is not there/);
    await expect(loadModelArtifacts(`${base}/spa/model.json`)).rejects.toThrow(/spa\/model.json: not JSON \(.*; it starts with "<!DOCTYPE html><html>.*"\): expected a tfjs model.json/);
    await expect(loadModelArtifacts(`${base}/not-a-model.json`)).rejects.toThrow(/not-a-model.json: no modelTopology: not a tfjs layers model.json/);
    await expect(loadModelArtifacts(`${base}/graph/model.json`)).rejects.toThrow(/graph\/model.json: a tfjs 'graph-model', not a layers model/);
    await expect(loadModelArtifacts(`${base}/float64/model.json`)).rejects.toThrow(/float64\/model.json: weight 'hidden\/bias' has dtype 'float64' in the weights manifest; model weights are float32 or int32/);
    await expect(loadModelArtifacts(`${base}/missing-shard/model.json`)).rejects.toThrow(
      /missing-shard\/group1-shard2of3.bin: HTTP 404 Not Found: weight file 'group1-shard2of3.bin' listed in .*missing-shard\/model.json is not there/,
    );
    await expect(loadModelArtifacts(`${base}/truncated/model.json`)).rejects.toThrow(/truncated\/model.json: the weights are truncated: its 3 weight file\(s\) hold 84 bytes, the manifest's 4 tensors need 104; 'out\/kernel' would end at byte 96/);
  });

  it('explains URLs it cannot fetch', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(loadModelArtifacts(`http://127.0.0.1:${port}/model.json`)).rejects.toThrow(/cannot fetch model.json: fetch failed \(ECONNREFUSED\)/);
    await expect(loadModelArtifacts('models/toy/model.json')).rejects.toThrow(/models\/toy\/model.json: cannot fetch model.json: .*outside a browser, give an absolute http\(s\):\/\/ URL, or a file path to a \/node parser factory/);
    await expect(loadModelArtifacts('file:///nowhere/model.json')).rejects.toThrow(/file:\/\/\/nowhere\/model.json: no tfjs IO handler reads this kind of URL: file:\/\/ URLs need Node and a \/node entry/);
    await expect(loadModelArtifacts('')).rejects.toThrow(/the model URL is empty/);
  });
});

describe('assignWeightsByName', () => {
  it('checks names, shapes and dtypes before writing anything, naming the source and both shapes', async () => {
    const wide = toyModel(5, 3);
    const before = outputOf(wide);
    const tensors = tf.memory().numTensors;
    expect(() => assignWeightsByName(wide, artifacts, 'toy.json')).toThrow(/toy.json does not fit model "toy": 3 shape or dtype mismatch\(es\): hidden\/kernel model \[3,5\] file \[3,4\], hidden\/bias model \[5\] file \[4\], out\/kernel model \[5,2\] file \[4,2\]/);
    expect(outputOf(wide)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);

    const specs = artifacts.weightSpecs!;
    const renamed = { ...artifacts, weightSpecs: specs.map((s) => (s.name === 'out/bias' ? { ...s, name: 'extra/bias' } : s)) };
    expect(() => assignWeightsByName(toyModel(), renamed, 'toy.json')).toThrow(/1 model weight\(s\) missing: out\/bias; 1 unexpected tensor\(s\) the model does not have: extra\/bias/);
    const int32 = { ...artifacts, weightSpecs: specs.map((s) => (s.name === 'out/bias' ? { ...s, dtype: 'int32' as const } : s)) };
    expect(() => assignWeightsByName(toyModel(), int32, 'toy.json')).toThrow(/out\/bias model float32 file int32/);
    expect(() => assignWeightsByName(toyModel(), { weightSpecs: [...specs, specs[0]!], weightData: artifacts.weightData }, 'toy.json')).toThrow(/lists hidden\/kernel more than once/);
    expect(() => assignWeightsByName(toyModel(), { weightSpecs: specs }, 'toy.json')).toThrow(/toy.json: no weights/);
  });
});
