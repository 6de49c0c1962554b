import { createSsnan, loadSsnanWeights, type Ssnan, type SsnanWeightsReport } from '@lip/nan-head';
import type { WeightSource } from '@lip/runtime';
import { readKerasWeightsFile, readTfjsModelWeights } from '@lip/runtime/node';
import { architectureConflicts, resolveArchitecture, ssnanConfigOf, type SsnanArchitecture } from './architecture.js';
import { inferArchitecture } from './infer-architecture.js';
import type { ModelSource } from './model-source.js';
import { findEnclosingRun } from './run-directory.js';
import { TrainSsnanError } from './train-ssnan-error.js';

/** The tensors of a model source (null for scratch). */
export async function readModelSourceWeights(source: ModelSource): Promise<WeightSource | null> {
  if (source.kind === 'scratch') return null;
  try {
    return await (source.kind === 'tfjs' ? readTfjsModelWeights(source.path) : readKerasWeightsFile(source.path));
  } catch (e) {
    throw new TrainSsnanError(`cannot read the ${source.kind === 'tfjs' ? 'tfjs model' : 'Keras weights file'} ${source.path}: ${(e as Error).message}`);
  }
}

/**
 * Loads a source's weights into a model built for them, with SS-NAN's by-name rules (`@lip/nan-head`):
 * every trunk weight must be present and of the right shape; head layers may be absent (a pretrain
 * checkpoint has no attention, a PSPNet file no head) and keep their initialisation.
 */
export function loadSourceWeights(ssnan: Ssnan, source: ModelSource, weights: WeightSource): SsnanWeightsReport {
  const format = source.kind === 'keras' ? source.format : 'ssnan';
  try {
    return loadSsnanWeights(ssnan, weights, { format, ...(format === 'pspnet' ? { allowUnexpected: true } : {}) });
  } catch (e) {
    throw new TrainSsnanError(`${source.description}: ${(e as Error).message}`);
  }
}

export interface OpenedSsnan {
  readonly ssnan: Ssnan;
  readonly architecture: SsnanArchitecture;
  /** Where the architecture came from: the run's run.json, the weight file's shapes, or flags. */
  readonly architectureFrom: string;
  readonly report: SsnanWeightsReport;
}

/**
 * Builds SS-NAN for trained weights and loads them (evaluate, detect). The architecture comes from the
 * enclosing run's `run.json`, else from the weights' names and shapes; `flags` fill what neither says and
 * must not contradict them.
 */
export async function openSsnanModel(source: ModelSource, flags: Partial<SsnanArchitecture> = {}): Promise<OpenedSsnan> {
  const weights = await readModelSourceWeights(source);
  if (weights === null) throw new TrainSsnanError('a trained model is needed (got --model scratch)');
  const run = source.kind === 'tfjs' ? await findEnclosingRun(source.path) : null;
  const manifest = run ? await run.readManifest() : null;
  let base: Partial<SsnanArchitecture>;
  let from: string;
  if (manifest) {
    base = manifest.architecture;
    from = run!.manifestPath;
  } else {
    base = inferArchitecture(weights);
    from = `the shapes in ${source.description}`;
  }
  const conflicts = manifest ? architectureConflicts(manifest.architecture, flags) : [];
  if (conflicts.length > 0) throw new TrainSsnanError(`${source.description} was trained as ${from} says; the flags ask for ${conflicts.join(', ')}`);
  const architecture = resolveArchitecture({ ...flags, ...base });
  const ssnan = createSsnan(ssnanConfigOf(architecture));
  try {
    const report = loadSourceWeights(ssnan, source, weights);
    return { ssnan, architecture, architectureFrom: from, report };
  } catch (e) {
    ssnan.dispose();
    throw e;
  }
}
