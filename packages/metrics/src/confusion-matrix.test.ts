import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from './confusion-matrix.js';

// 3 classes, 3x2 image. The 255 pixel is ignored.
//   gt   = 0 0 1 / 1 2 255
//   pred = 0 1 1 / 1 0 2
const gt3 = Uint8Array.from([0, 0, 1, 1, 2, 255]);
const pred3 = Uint8Array.from([0, 1, 1, 1, 0, 2]);

describe('ConfusionMatrix.update', () => {
  it('counts gt rows against pred columns and skips the ignore index (hand-computed)', () => {
    const m = new ConfusionMatrix(3).update(gt3, pred3, { width: 3, height: 2 });
    expect(m.toArray()).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    expect(m.pixels).toBe(5);
    expect(m.ignoredPixels).toBe(1);
    expect(m.droppedPixels).toBe(0);
    expect(m.images).toBe(1);
    expect(m.get(0, 1)).toBe(1);
  });

  it('accepts {data, width, height}, tensor-like inputs, plain arrays and every integer typed array identically', () => {
    const reference = new ConfusionMatrix(3).update(gt3, pred3, { width: 3, height: 2 }).toArray();
    const tensor = (data: ArrayLike<number>, shape: number[]) => ({ dataSync: () => data, shape });
    const variants: [Parameters<ConfusionMatrix['update']>[0], Parameters<ConfusionMatrix['update']>[1]][] = [
      [{ data: gt3, width: 3, height: 2 }, { data: pred3, width: 3, height: 2 }],
      [tensor(Int32Array.from(gt3), [2, 3]), tensor(Int32Array.from(pred3), [1, 2, 3, 1])],
      [tensor(Float32Array.from(gt3), [2, 3, 1]), tensor(Float32Array.from(pred3), [1, 2, 3])],
      [Array.from(gt3), Array.from(pred3)],
      [Uint16Array.from(gt3), Uint8Array.from(pred3)],
      [new Uint8ClampedArray(gt3), new Uint8ClampedArray(pred3)],
    ];
    for (const [g, p] of variants) expect(new ConfusionMatrix(3).update(g, p).toArray()).toEqual(reference);
  });

  it('accumulates over images (dataset level)', () => {
    const m = new ConfusionMatrix(3);
    m.update(gt3, pred3).update(Uint8Array.from([2, 2]), Uint8Array.from([2, 1]));
    expect(m.toArray()).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 1, 1],
    ]);
    expect(m.images).toBe(2);
  });

  it('an all-ignore image contributes nothing but is counted as an image', () => {
    const m = new ConfusionMatrix(20).update(new Uint8Array(12).fill(255), new Uint8Array(12), { width: 4, height: 3 });
    expect(m.pixels).toBe(0);
    expect(m.ignoredPixels).toBe(12);
    expect(m.images).toBe(1);
  });

  it('ignoreIndex is configurable, and null disables it', () => {
    const m = new ConfusionMatrix(3, { ignoreIndex: 240 }).update(Uint8Array.from([0, 240, 2]), Uint8Array.from([0, 0, 2]));
    expect(m.pixels).toBe(2);
    expect(m.ignoredPixels).toBe(1);
    expect(() => new ConfusionMatrix(3, { ignoreIndex: null }).update(Uint8Array.from([255]), Uint8Array.from([0]))).toThrow(
      /ground-truth value 255 at pixel \(x=0, y=0\) is not a class id 0\.\.2;/,
    );
    expect(() => new ConfusionMatrix(3, { ignoreIndex: 1 })).toThrow(/ignoreIndex 1 is a class id/);
  });
});

describe('ConfusionMatrix bad input', () => {
  it('a size mismatch states both sizes and counts nothing', () => {
    const m = new ConfusionMatrix(20);
    expect(() =>
      m.update({ data: new Uint8Array(300 * 400), width: 300, height: 400 }, { data: new Uint8Array(473 * 473), width: 473, height: 473 }, { id: '100_1' }),
    ).toThrow('image 100_1: prediction is 473x473 but ground truth is 300x400 (width x height)');
    expect(m.images).toBe(0);
    expect(() => m.update(new Uint8Array(6), new Uint8Array(5))).toThrow('prediction is 5x1 but ground truth is 6x1');
  });

  it('data length not matching the stated size is an error', () => {
    expect(() => new ConfusionMatrix(3).update({ data: new Uint8Array(5), width: 3, height: 2 }, new Uint8Array(6), { width: 3, height: 2 })).toThrow(
      'ground truth: data has 5 values but the size 3x2 needs 6',
    );
    expect(() => new ConfusionMatrix(3).update({ dataSync: () => new Int32Array(6), shape: [2, 3, 2] }, new Uint8Array(6))).toThrow(
      /expected a tensor of shape .* got \[2, 3, 2\]/,
    );
  });

  it('a ground-truth value >= numClasses other than the ignore index is an error by default', () => {
    const m = new ConfusionMatrix(3);
    expect(() => m.update(Uint8Array.from([0, 1, 7, 2]), Uint8Array.from([0, 1, 2, 2]), { width: 2, height: 2, id: 'a' })).toThrow(
      "image a: ground-truth value 7 at pixel (x=0, y=1) is not a class id 0..2 nor the ignore index 255; pass outOfRangeGroundTruth: 'drop'",
    );
    // nothing was counted from the failed image
    expect(m.pixels).toBe(0);
    expect(m.images).toBe(0);
    expect(() => m.update(Int32Array.from([-1]), Int32Array.from([0]))).toThrow(/ground-truth value -1/);
    expect(() => m.update(Float32Array.from([1.5]), Float32Array.from([0]))).toThrow(/ground-truth value 1.5/);
  });

  it("outOfRangeGroundTruth: 'drop' drops them as the official script does (gt >= 0 & gt < n)", () => {
    const m = new ConfusionMatrix(3, { outOfRangeGroundTruth: 'drop' });
    m.update(Uint8Array.from([0, 1, 7, 2, 255, 3]), Uint8Array.from([0, 1, 2, 2, 1, 1]));
    m.update(Int32Array.from([-1, 1, 9]), Int32Array.from([0, 0, 0]));
    expect(m.toArray()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(m.droppedPixels).toBe(4);
    expect(m.ignoredPixels).toBe(1);
  });

  it('a prediction outside 0..numClasses-1 is an error (255 included), on both code paths', () => {
    expect(() => new ConfusionMatrix(3).update(Uint8Array.from([0, 1]), Uint8Array.from([0, 255]), { id: 'x' })).toThrow(
      'image x: prediction value 255 at pixel (x=1, y=0) is not a class id 0..2',
    );
    expect(() => new ConfusionMatrix(3).update(Int32Array.from([0, 1]), Int32Array.from([-1, 0]))).toThrow(
      'prediction value -1 at pixel (x=0, y=0) is not a class id 0..2',
    );
    expect(() => new ConfusionMatrix(3).update([0], [0.5])).toThrow('prediction value 0.5');
    // a prediction under an ignored ground-truth pixel is not counted, so not checked
    expect(new ConfusionMatrix(3).update(Uint8Array.from([255]), Uint8Array.from([255])).pixels).toBe(0);
  });

  it('rejects bad constructor arguments', () => {
    expect(() => new ConfusionMatrix(0)).toThrow(/numClasses/);
    expect(() => new ConfusionMatrix(2.5)).toThrow(/numClasses/);
    expect(() => new ConfusionMatrix(4096)).toThrow('numClasses must be an integer in 1..2048, got 4096');
    // @ts-expect-error invalid policy
    expect(() => new ConfusionMatrix(3, { outOfRangeGroundTruth: 'clip' })).toThrow(/'error' or 'drop'/);
  });
});

describe('ConfusionMatrix shards', () => {
  function randomImage(seed: number, size: number, n: number): [Uint8Array, Uint8Array] {
    let s = seed;
    const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const gt = new Uint8Array(size);
    const pred = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      gt[i] = next() < 0.05 ? 255 : Math.floor(next() * n);
      pred[i] = Math.floor(next() * n);
    }
    return [gt, pred];
  }

  it('merge of shards, also through toJSON / JSON text / fromJSON, equals the one-machine result exactly', () => {
    const images = Array.from({ length: 9 }, (_, i) => randomImage(i + 1, 1000, 20));
    const whole = new ConfusionMatrix(20);
    for (const [g, p] of images) whole.update(g, p);
    const shards = [new ConfusionMatrix(20), new ConfusionMatrix(20), new ConfusionMatrix(20)];
    images.forEach(([g, p], i) => shards[i % 3]!.update(g, p));
    const transported = shards.map((s) => ConfusionMatrix.fromJSON(JSON.parse(JSON.stringify(s))));
    const merged = new ConfusionMatrix(20);
    for (const s of transported) merged.merge(s);
    expect(merged.toJSON()).toEqual(whole.toJSON());
    expect(merged.compute()).toEqual(whole.compute());
    expect(merged.compute({ absentClassPolicy: 'zero' })).toEqual(whole.compute({ absentClassPolicy: 'zero' }));
    expect(whole.toJSON()).toMatchObject({ format: 'lip-metrics/confusion-matrix', version: 1, numClasses: 20, ignoreIndex: 255, images: 9 });
  });

  it('clone is independent; reset empties', () => {
    const m = new ConfusionMatrix(3).update(gt3, pred3);
    const c = m.clone();
    m.reset();
    expect(m.pixels).toBe(0);
    expect(c.pixels).toBe(5);
  });

  it('refuses to merge different class counts or ignore indices', () => {
    expect(() => new ConfusionMatrix(3).merge(new ConfusionMatrix(4))).toThrow('cannot merge a 4-class confusion matrix into a 3-class one');
    expect(() => new ConfusionMatrix(3).merge(new ConfusionMatrix(3, { ignoreIndex: 240 }))).toThrow(/different ignore indices/);
  });

  it('fromJSON validates and names the source', () => {
    const good = new ConfusionMatrix(2).update([0, 1], [1, 1]).toJSON();
    expect(() => ConfusionMatrix.fromJSON({ ...good, format: 'x' }, { source: 'a.json' })).toThrow(
      'a.json: not a lip-metrics confusion matrix: "format" must be',
    );
    expect(() => ConfusionMatrix.fromJSON({ ...good, counts: [[0, 1]] })).toThrow('"counts" must be 2 rows');
    expect(() => ConfusionMatrix.fromJSON({ ...good, counts: [[0, -1], [0, 0]] })).toThrow('"counts"[0][1] must be a non-negative integer');
    expect(() => ConfusionMatrix.fromJSON(null)).toThrow('expected a JSON object');
    expect(ConfusionMatrix.fromJSON(good).toArray()).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });
});
