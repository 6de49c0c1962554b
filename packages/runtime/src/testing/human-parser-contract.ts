import { deepStrictEqual, match, ok, rejects, strictEqual } from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { mirrorLabelMap, mirrorPose, type HumanParser, type HumanParsingResult, type ParseOptions, type RawPixels } from '@lip/schema';
import { nodeFileSystem } from '../io/node-file-system.js';
import { serveDirectory } from './static-server.js';
import { noiseRgbImage } from './test-images.js';

type AnyParser = HumanParser<never, tf.Tensor>;

/** What the shared parser contract needs to know of one parser factory. */
export interface HumanParserContractSpec<P extends AnyParser> {
  /** Who speaks in errors, e.g. `@lip/jppnet`. */
  readonly packageName: string;
  /** The factory as users call it (root entry), e.g. `createJppnetParser`. */
  readonly factoryName: string;
  /** The parser class name in the disposed error, e.g. `JppnetParser`. */
  readonly parserName: string;
  readonly create: (options: { model: string | tf.io.IOHandler; onProgress?: (fraction: number) => void }) => Promise<P>;
  /** A tiny network's web model, as `model.save` writes it (config in the metadata), built on the current backend. */
  readonly artifacts: () => Promise<tf.io.ModelArtifacts>;
  /** The network config's key in `userDefinedMetadata`, e.g. `jppnet`. */
  readonly metadataKey: string;
  /** Options every parse gets (a small `inputSize`). */
  readonly parseOptions?: ParseOptions;
}

export interface ContractCase {
  readonly name: string;
  readonly run: () => Promise<void>;
}

const W = 26;
const H = 30;

function labels(result: HumanParsingResult<unknown>): number[] {
  return Array.from(result.segmentation.labels.data);
}

/**
 * The contract every `HumanParser` factory keeps (one implementation of the checks, for the three parser
 * packages): a web model loads from a URL (with progress) or an IOHandler to the same parser; RGB, RGBA and tensor
 * inputs parse alike; flipHorizontal mirrors the result; memory stays flat and dispose frees everything; broken
 * models, bad URLs, bad images and bad options are errors naming them, leaving nothing allocated. Run each case with
 * the test runner (`for (const c of humanParserContract(spec)) it(c.name, c.run)`) after selecting a backend;
 * `cleanUp` (afterAll) removes the served folder.
 */
export function humanParserContract<P extends AnyParser>(spec: HumanParserContractSpec<P>): { cases: ContractCase[]; cleanUp: () => Promise<void> } {
  const options = spec.parseOptions ?? {};
  const root = mkdtempSync(join(tmpdir(), 'lip-parser-contract-'));
  let served: Promise<{ url: (path: string) => string; requests: string[]; close: () => Promise<void>; artifacts: tf.io.ModelArtifacts }> | null = null;

  /** The tiny model (2 shards) and broken copies of it, served on 127.0.0.1; once. */
  const serve = () =>
    (served ??= (async () => {
      const artifacts = await spec.artifacts();
      const bytes = [artifacts.weightData ?? []].flat().reduce((sum, buffer) => sum + buffer.byteLength, 0);
      const save = (dir: string) => nodeFileSystem(join(root, dir), { shardSizeBytes: Math.ceil(bytes / 2) }).save!(artifacts);
      for (const dir of ['tiny', 'missing-shard', 'truncated', 'float64']) await save(dir);
      unlinkSync(join(root, 'missing-shard', 'group1-shard2of2.bin'));
      truncateSync(join(root, 'truncated', 'group1-shard2of2.bin'), 1000);
      const json = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const float64 = json('float64');
      float64.weightsManifest[0]!.weights[0]!.dtype = 'float64' as 'float32';
      writeFileSync(join(root, 'float64', 'model.json'), JSON.stringify(float64));
      writeFileSync(join(root, 'other-model.json'), JSON.stringify({ ...json('tiny'), userDefinedMetadata: { someOtherModel: { numClasses: 20 } } }));
      const server = await serveDirectory(root);
      return { url: (path: string) => `${server.url}/${path}`, requests: server.requests, close: () => server.close(), artifacts };
    })());

  const image = (seed: number): RawPixels => noiseRgbImage(seed, W, H);
  const fromMemory = async () => spec.create({ model: tf.io.fromMemory((await serve()).artifacts) });

  const cases: ContractCase[] = [
    {
      name: 'loads a web model from a URL (2 shards, with progress) to the parser an IOHandler gives',
      run: async () => {
        const { url } = await serve();
        const progress: number[] = [];
        const fromUrl = await spec.create({ model: url('tiny/model.json'), onProgress: (f) => progress.push(f) });
        deepStrictEqual(progress, [0, 0.5, 1]);
        const memoryProgress: number[] = [];
        const memory = await spec.create({ model: tf.io.fromMemory((await serve()).artifacts), onProgress: (f) => memoryProgress.push(f) });
        deepStrictEqual(memoryProgress, [1]);
        const img = image(4);
        const [a, b] = [await fromUrl.parse(img as never, options), await memory.parse(img as never, options)];
        deepStrictEqual(labels(a), labels(b));
        deepStrictEqual(a.pose, b.pose);
        fromUrl.dispose();
        memory.dispose();
      },
    },
    {
      name: "parses RGB and RGBA buffers and int32, float32 and RGBA tensors alike, sized as the image; leaves the caller's tensors",
      run: async () => {
        const parser = await fromMemory();
        const img = image(9);
        const rgba = new Uint8ClampedArray(H * W * 4);
        for (let i = 0; i < H * W; i++) rgba.set([img.data[3 * i]!, img.data[3 * i + 1]!, img.data[3 * i + 2]!, 255], 4 * i);
        const tensors = [
          tf.tensor3d(Int32Array.from(img.data), [H, W, 3], 'int32'),
          tf.tensor3d(Float32Array.from(img.data), [H, W, 3], 'float32'),
          tf.tensor3d(Int32Array.from(rgba), [H, W, 4], 'int32'),
        ];
        const result = await parser.parse(img as never, options);
        deepStrictEqual([result.width, result.height], [W, H]);
        ok(new Set(labels(result)).size > 1, 'the tiny network should not give one class everywhere');
        match(result.segmentation.maskValueToLabel(result.segmentation.labels.data[0]!), /^[A-Z]/);
        for (const input of [{ width: W, height: H, data: rgba }, ...tensors]) {
          const other = await parser.parse(input as never, options);
          deepStrictEqual(labels(other), labels(result));
          deepStrictEqual(other.pose, result.pose);
        }
        ok(tensors.every((t) => !t.isDisposed));
        tf.dispose(tensors);
        parser.dispose();
      },
    },
    {
      name: 'flipHorizontal mirrors the result back: labels mirrored with sides swapped (keypoints too)',
      run: async () => {
        const parser = await fromMemory();
        const img = image(11);
        const plain = await parser.parse(img as never, options);
        const flipped = await parser.parse(img as never, { ...options, flipHorizontal: true });
        deepStrictEqual(flipped.segmentation.labels, mirrorLabelMap(plain.segmentation.labels));
        if (plain.pose) deepStrictEqual(flipped.pose, mirrorPose(plain.pose, W));
        parser.dispose();
      },
    },
    {
      name: 'keeps tf.memory().numTensors flat over 10 parses, frees the weights on dispose, and refuses to parse afterwards',
      run: async () => {
        const before = tf.memory().numTensors;
        const parser = await fromMemory();
        const loaded = tf.memory().numTensors;
        ok(loaded > before);
        const img = image(3);
        for (let i = 0; i < 10; i++) {
          const result = await parser.parse(img as never, { ...options, testTimeAugmentation: i % 2 === 0 ? { mirror: true } : undefined });
          strictEqual(tf.memory().numTensors, loaded);
          const tensor = result.segmentation.toTensor();
          deepStrictEqual(tensor.shape, [H, W]);
          tensor.dispose();
        }
        parser.dispose();
        strictEqual(tf.memory().numTensors, before);
        await rejects(parser.parse(img as never), new RegExp(`this ${spec.parserName} was disposed; create another with ${spec.factoryName}`));
        parser.dispose(); // twice is harmless
      },
    },
    {
      name: 'refuses bad URLs, another model and broken models, naming them, and leaves nothing allocated',
      run: async () => {
        const { url, requests } = await serve();
        const before = tf.memory().numTensors;
        await rejects(spec.create({ model: url('nowhere/model.json') }), /nowhere\/model.json: HTTP 404 Not Found: model.json is not there/);
        requests.length = 0;
        await rejects(
          spec.create({ model: url('other-model.json') }),
          new RegExp(`other-model.json: not a '${spec.metadataKey}' model: model.json's userDefinedMetadata has no '${spec.metadataKey}' entry \\(it has someOtherModel\\)`),
        );
        deepStrictEqual(requests.filter((p) => p.endsWith('.bin')), [], 'refused before fetching any weight');
        await rejects(spec.create({ model: url('missing-shard/model.json') }), /missing-shard\/group1-shard2of2.bin: HTTP 404 Not Found: weight file 'group1-shard2of2.bin' listed in .*missing-shard\/model.json is not there/);
        await rejects(spec.create({ model: url('truncated/model.json') }), /truncated\/model.json: the weights are truncated: its 2 weight file\(s\) hold \d+ bytes/);
        await rejects(spec.create({ model: url('float64/model.json') }), /float64\/model.json: weight '.*' has dtype 'float64' in the weights manifest/);
        const prefix = `${spec.packageName}: ${spec.factoryName}`.replace(/[/]/g, '\\/');
        await rejects(spec.create({ model: 42 } as never), new RegExp(`${prefix}: model must be the URL of a model.json or a tf.io.IOHandler, got number`));
        await rejects(spec.create({ model: url('tiny/model.json'), onProgress: 'yes' } as never), new RegExp(`${prefix}: onProgress must be a function`));
        strictEqual(tf.memory().numTensors, before);
      },
    },
    {
      name: 'rejects bad images and options with errors naming them',
      run: async () => {
        const parser = await fromMemory();
        const pkg = spec.packageName.replace(/[/]/g, '\\/');
        await rejects(parser.parse({ width: 0, height: 0, data: new Uint8Array(0) } as never), new RegExp(`${pkg}: parse: image has size 0 \\(0×0\\)`));
        const gray = tf.zeros([8, 8, 1]);
        await rejects(parser.parse(gray as never), /image must be an RGB tensor \[height, width, 3\], got shape \[8,8,1\]/);
        gray.dispose();
        await rejects(parser.parse({ width: 4, height: 4, data: new Uint8Array(10) } as never), /image is 4×4 but has 10 bytes; expected 48 \(RGB\) or 64 \(RGBA\)/);
        await rejects(parser.parse({ naturalWidth: 0, complete: false, width: 0, height: 0 } as never), /the <img> has not loaded/);
        const img = image(1);
        await rejects(parser.parse(img as never, { ...options, testTimeAugmentation: { mirror: 'yes' as never } }), /testTimeAugmentation.mirror must be a boolean/);
        await rejects(parser.parse(img as never, { ...options, flipHorizontal: 1 as never }), /flipHorizontal must be a boolean, got 1/);
        parser.dispose();
      },
    },
  ];
  const cleanUp = async () => {
    if (served) await (await served).close();
    rmSync(root, { recursive: true, force: true });
  };
  return { cases, cleanUp };
}
