import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJppnetParser, type JppnetConfig, type JppnetParser } from '@lip/jppnet/node';
import { UsageError } from '@lip/schema/node';

/** Files a training run directory holds. */
export const RUN_FILES = { config: 'config.json', model: 'model', checkpoints: 'checkpoints', log: 'train-log.json' } as const;

function readConfig(path: string): JppnetConfig {
  try {
    // A run's config.json holds {jppnet, training}; a bare JppnetConfig file works too.
    const json = JSON.parse(readFileSync(path, 'utf8')) as JppnetConfig & { jppnet?: JppnetConfig };
    return json.jppnet ?? json;
  } catch (e) {
    throw new UsageError(`cannot read the JPPNet config ${path}: ${(e as Error).message}`);
  }
}

/**
 * The parser to evaluate or run (`createJppnetParser` of `@lip/jppnet/node`):
 * - `--model DIR`: a tfjs model directory (`model.json`, from `train` or `saveJppnet`), or a run directory:
 *   its final `model/`, else its latest checkpoint (`checkpoints/`, built from the run's `config.json`);
 * - `--checkpoint PREFIX`: a TensorFlow checkpoint of the reference JPPNet (e.g. `checkpoint/JPPNet-s2/model.ckpt-…`)
 *   loaded by variable name into JPPNet-s2, or into the network of `--config FILE` (a JSON JppnetConfig).
 */
export async function openParser(values: { model?: string; checkpoint?: string; config?: string }, log: (line: string) => void): Promise<JppnetParser> {
  const config = values.config != null ? readConfig(values.config) : undefined;
  if (values.checkpoint != null) {
    const parser = await createJppnetParser({ model: values.checkpoint, ...(config ? { config } : {}) });
    log(`loaded the TF checkpoint ${values.checkpoint}`);
    return parser;
  }
  const dir = values.model;
  if (dir == null) throw new UsageError('give --model DIR (a tfjs model or a run directory) or --checkpoint PREFIX (a TF checkpoint)');
  if (existsSync(join(dir, 'model.json'))) return createJppnetParser({ model: dir, ...(config ? { config } : {}) });
  if (existsSync(join(dir, RUN_FILES.model, 'model.json'))) return createJppnetParser({ model: join(dir, RUN_FILES.model) });
  const checkpoints = join(dir, RUN_FILES.checkpoints);
  if (existsSync(join(checkpoints, 'latest.json'))) {
    const { checkpoint } = JSON.parse(readFileSync(join(checkpoints, 'latest.json'), 'utf8')) as { checkpoint: string };
    log(`no final model in ${dir}: using its latest checkpoint ${checkpoint}`);
    return createJppnetParser({ model: checkpoints, config: config ?? readConfig(join(dir, RUN_FILES.config)) });
  }
  throw new UsageError(`${dir} holds no model.json, ${RUN_FILES.model}/model.json or ${RUN_FILES.checkpoints}/latest.json`);
}
