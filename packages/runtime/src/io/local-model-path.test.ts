import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localModelJsonOf } from './local-model-path.js';

describe('localModelJsonOf', () => {
  const root = mkdtempSync(join(tmpdir(), 'lip-local-model-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives the model.json of a tfjs model given as that file or as its folder', () => {
    const model = join(root, 'web-model');
    mkdirSync(model);
    writeFileSync(join(model, 'model.json'), '{}');
    expect(localModelJsonOf(model)).toBe(join(model, 'model.json'));
    expect(localModelJsonOf(join(model, 'model.json'))).toBe(join(model, 'model.json'));
  });

  it('is null for a folder without a model.json, a Keras file, a TF checkpoint prefix or a missing path', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const h5 = join(root, 'weights.h5');
    writeFileSync(h5, '');
    writeFileSync(join(root, 'model.ckpt-1000.index'), '');
    expect(localModelJsonOf(empty)).toBeNull();
    expect(localModelJsonOf(h5)).toBeNull();
    expect(localModelJsonOf(join(root, 'model.ckpt-1000'))).toBeNull();
    expect(localModelJsonOf(join(root, 'missing'))).toBeNull();
  });
});
