import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJppnet, loadJppnet, loadJppnetWeightsFile, type Jppnet, type JppnetConfig } from '@lip/jppnet/node';
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
 * The model to evaluate or run:
 * - `--model DIR`: a tfjs model directory (`model.json`, from `train` or `saveJppnet`), or a run directory:
 *   its final `model/`, else its latest checkpoint (`checkpoints/`, built from the run's `config.json`);
 * - `--checkpoint PREFIX`: a TensorFlow checkpoint of the reference JPPNet (e.g. `checkpoint/JPPNet-s2/model.ckpt-…`)
 *   loaded by variable name into JPPNet-s2, or into the network of `--config FILE` (a JSON JppnetConfig).
 */
export async function openModel(values: { model?: string; checkpoint?: string; config?: string }, log: (line: string) => void): Promise<Jppnet> {
  if (values.checkpoint != null) {
    const jppnet = createJppnet(values.config != null ? readConfig(values.config) : {});
    const report = await loadJppnetWeightsFile(jppnet, values.checkpoint);
    log(`loaded ${report.loaded.length} tensors from the TF checkpoint ${values.checkpoint}`);
    return jppnet;
  }
  const dir = values.model;
  if (dir == null) throw new UsageError('give --model DIR (a tfjs model or a run directory) or --checkpoint PREFIX (a TF checkpoint)');
  if (existsSync(join(dir, 'model.json'))) return loadJppnet(dir, values.config != null ? { config: readConfig(values.config) } : {});
  if (existsSync(join(dir, RUN_FILES.model, 'model.json'))) return loadJppnet(join(dir, RUN_FILES.model));
  const latest = join(dir, RUN_FILES.checkpoints, 'latest.json');
  if (existsSync(latest)) {
    const { checkpoint } = JSON.parse(readFileSync(latest, 'utf8')) as { checkpoint: string };
    const config = readConfig(values.config ?? join(dir, RUN_FILES.config));
    log(`no final model in ${dir}: using its latest checkpoint ${checkpoint}`);
    return loadJppnet(join(dir, RUN_FILES.checkpoints, checkpoint), { config });
  }
  throw new UsageError(`${dir} holds no model.json, ${RUN_FILES.model}/model.json or ${RUN_FILES.checkpoints}/latest.json`);
}
