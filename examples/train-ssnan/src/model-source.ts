import { stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { RunDirectory } from './run-directory.js';
import { TrainSsnanError } from './train-ssnan-error.js';

/** The reference's named weight files (`LIP.py`: `--model pspnet` / `--model imagenet`), looked up in the working directory. */
export const NAMED_WEIGHT_FILES = Object.freeze({
  /** SS-NAN-format PSPNet pretraining weights (README "pspnet_pretrainweights"). */
  pspnet: 'att_pspnet.h5',
  /** PSPNet-Keras VOC weights; only the trunk is loaded. */
  imagenet: 'pspnet101_voc2012.h5',
});

/** Where initial or evaluated weights come from. */
export type ModelSource =
  /** Fresh initialisation (no file). */
  | { readonly kind: 'scratch'; readonly description: string }
  /** A Keras HDF5 weights file: SS-NAN layout (nested `resnet101_model` + `mask_*`) or PSPNet-Keras (flat trunk). */
  | { readonly kind: 'keras'; readonly path: string; readonly format: 'auto' | 'ssnan' | 'pspnet'; readonly description: string }
  /** A tfjs model directory: a train-ssnan checkpoint (`model.json` + shards). */
  | { readonly kind: 'tfjs'; readonly path: string; readonly description: string };

export interface ResolveModelOptions {
  /** Run directory for `last`. */
  readonly runDir?: string;
  /** Where `pspnet` / `imagenet` files are looked up. Default the working directory. */
  readonly cwd?: string;
  /** Accept `scratch` (training only). Default false. */
  readonly allowScratch?: boolean;
}

async function kindOf(path: string): Promise<'file' | 'dir' | null> {
  const s = await stat(path).catch(() => null);
  if (s === null) return null;
  return s.isDirectory() ? 'dir' : 'file';
}

/**
 * Resolves `--model`: `pspnet`, `imagenet`, `last` (the newest checkpoint of the run directory), `scratch`
 * (training only), or a path: a `.h5` file, a checkpoint directory (`model.json`), a step's `checkpoints/`
 * directory or a step directory (their newest checkpoint), or a run directory (its newest checkpoint).
 */
export async function resolveModelSource(spec: string, options: ResolveModelOptions = {}): Promise<ModelSource> {
  const cwd = options.cwd ?? process.cwd();
  if (spec === 'scratch') {
    if (!options.allowScratch) throw new TrainSsnanError(`--model scratch only makes sense for train; evaluate and detect need trained weights (a checkpoint, a run directory, last or a .h5 file)`);
    return { kind: 'scratch', description: 'fresh initialisation (--model scratch)' };
  }
  if (spec === 'pspnet' || spec === 'imagenet') {
    const file = NAMED_WEIGHT_FILES[spec];
    const path = resolve(cwd, file);
    if ((await kindOf(path)) !== 'file') {
      throw new TrainSsnanError(
        `--model ${spec} reads ./${file}, which is not in ${cwd}. Download it as the SS-NAN README says ` +
          `(${spec === 'pspnet' ? 'pspnet_pretrainweights' : 'PSPNet-Keras pspnet101_voc2012'}), put it there, or pass --model PATH (or scratch).`,
      );
    }
    return { kind: 'keras', path, format: spec === 'pspnet' ? 'ssnan' : 'pspnet', description: `${path} (--model ${spec})` };
  }
  if (spec === 'last') {
    const run = new RunDirectory(options.runDir ?? resolve(cwd, 'runs/ssnan'));
    const newest = await run.newestCheckpoint();
    if (newest === null) throw new TrainSsnanError(`--model last: the run directory ${run.root} has no checkpoint yet; train a step first, or pass --run-dir or --model PATH`);
    return { kind: 'tfjs', path: newest.path, description: `${newest.path} (--model last: ${newest.trainMode}, step ${newest.step})` };
  }
  const path = resolve(cwd, spec);
  const kind = await kindOf(path);
  if (kind === null) throw new TrainSsnanError(`--model ${spec}: ${path} does not exist (expected pspnet, imagenet, last, a .h5 file, a checkpoint or a run directory)`);
  if (kind === 'file') {
    const ext = extname(path).toLowerCase();
    if (ext === '.h5' || ext === '.hdf5' || ext === '.keras') return { kind: 'keras', path, format: 'auto', description: path };
    if (path.endsWith('model.json')) return { kind: 'tfjs', path: resolve(path, '..'), description: path };
    throw new TrainSsnanError(`--model ${spec}: ${path} is neither a Keras .h5 file nor a tfjs model.json`);
  }
  if ((await kindOf(join(path, 'model.json'))) === 'file') return { kind: 'tfjs', path, description: path };
  // A checkpoints/ directory, a step directory (<mode>/checkpoints) or a run directory: their newest checkpoint.
  const run = new RunDirectory(path);
  if ((await kindOf(join(path, 'latest.json'))) === 'file' || (await kindOf(join(path, 'checkpoints'))) === 'dir') {
    const checkpointsDir = (await kindOf(join(path, 'checkpoints'))) === 'dir' ? join(path, 'checkpoints') : path;
    const probe = new RunDirectory(resolve(checkpointsDir, '..', '..'));
    for (const mode of ['pretrain', 'finetune', 'finetune_withdeep', 'finetune_ssloss', 'finetune_ssloss_withdeep'] as const) {
      if (probe.checkpointDir(mode) === resolve(checkpointsDir)) {
        const c = await probe.latestCheckpoint(mode);
        if (c) return { kind: 'tfjs', path: c.path, description: `${c.path} (newest checkpoint of ${spec})` };
      }
    }
    throw new TrainSsnanError(`--model ${spec}: no complete checkpoint in ${checkpointsDir}`);
  }
  const newest = await run.newestCheckpoint();
  if (newest) return { kind: 'tfjs', path: newest.path, description: `${newest.path} (newest checkpoint of run ${spec}: ${newest.trainMode}, step ${newest.step})` };
  throw new TrainSsnanError(`--model ${spec}: ${path} is a directory with no model.json and no checkpoint`);
}
