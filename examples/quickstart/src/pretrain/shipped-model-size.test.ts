import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkShippedModelSize, SHIPPED_MODEL_MAX_BYTES } from './shipped-model-size.js';

const MODELS = fileURLToPath(new URL('../../../../models', import.meta.url));

describe('the shipped models’ size budget', () => {
  it('holds for every model folder in the repository', () => {
    for (const name of readdirSync(MODELS)) {
      const bytes = readdirSync(join(MODELS, name)).reduce((n, f) => n + statSync(join(MODELS, name, f)).size, 0);
      expect(bytes, name).toBeLessThanOrEqual(SHIPPED_MODEL_MAX_BYTES);
      expect(() => checkShippedModelSize(name, bytes, 'float16')).not.toThrow();
    }
  });

  it('refuses a folder over it, naming the size and the remedy', () => {
    expect(() => checkShippedModelSize('models/jppnet-synthetic', 11_760_000, 'float16')).toThrow(
      'models/jppnet-synthetic takes 11.76 MB as float16, over the 10 MB a shipped model may take: store it as uint8 (the config\'s webModelDtype) or pretrain a smaller network',
    );
  });
});
