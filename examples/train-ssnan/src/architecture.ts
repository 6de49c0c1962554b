import { resolveSsnanConfig, type SsnanConfig } from '@lip/nan-head';

/**
 * The SS-NAN architecture of a run: everything that decides the weight shapes. It is written to the run
 * directory by the first `train` and read back by later steps, `evaluate` and `detect`.
 */
export interface SsnanArchitecture {
  readonly depth: 50 | 101;
  readonly widthMultiplier: number;
  /** Residual blocks of conv2..conv5; null = the depth's (3, 4, 23, 3) or (3, 4, 6, 3). */
  readonly blocksPerStage: readonly [number, number, number, number] | null;
  readonly attentionWidth: number;
}

/** The published model: ResNet-101 trunk, full width, `mask_att_conv` with 512 channels. */
export const PUBLISHED_ARCHITECTURE: SsnanArchitecture = Object.freeze({ depth: 101, widthMultiplier: 1, blocksPerStage: null, attentionWidth: 512 });

/** Fills an architecture from partial flags (validated by `@lip/nan-head`, whose errors name the field). */
export function resolveArchitecture(partial: Partial<SsnanArchitecture> = {}): SsnanArchitecture {
  const config: SsnanConfig = {
    depth: partial.depth ?? PUBLISHED_ARCHITECTURE.depth,
    widthMultiplier: partial.widthMultiplier ?? PUBLISHED_ARCHITECTURE.widthMultiplier,
    ...(partial.blocksPerStage ? { blocksPerStage: partial.blocksPerStage } : {}),
    ...(partial.attentionWidth !== undefined ? { attentionWidth: partial.attentionWidth } : {}),
  };
  const r = resolveSsnanConfig(config);
  return { depth: r.depth, widthMultiplier: r.widthMultiplier, blocksPerStage: r.blocksPerStage, attentionWidth: r.attentionWidth };
}

/** The `createSsnan` config of an architecture. */
export function ssnanConfigOf(architecture: SsnanArchitecture, seed = 1): SsnanConfig {
  return {
    depth: architecture.depth,
    widthMultiplier: architecture.widthMultiplier,
    ...(architecture.blocksPerStage ? { blocksPerStage: architecture.blocksPerStage } : {}),
    attentionWidth: architecture.attentionWidth,
    seed,
  };
}

export function describeArchitecture(a: SsnanArchitecture): string {
  const blocks = a.blocksPerStage ? `blocks ${a.blocksPerStage.join(',')}` : `ResNet-${a.depth}`;
  return `${blocks}, width ×${a.widthMultiplier}, attention ${a.attentionWidth}`;
}

/** The fields where `given` (from flags) differs from `stored` (from the run). */
export function architectureConflicts(stored: SsnanArchitecture, given: Partial<SsnanArchitecture>): string[] {
  const out: string[] = [];
  if (given.depth !== undefined && given.depth !== stored.depth && stored.blocksPerStage === null) out.push(`depth ${given.depth} (run: ${stored.depth})`);
  if (given.widthMultiplier !== undefined && given.widthMultiplier !== stored.widthMultiplier) out.push(`width ${given.widthMultiplier} (run: ${stored.widthMultiplier})`);
  if (given.blocksPerStage !== undefined && JSON.stringify(given.blocksPerStage) !== JSON.stringify(stored.blocksPerStage)) {
    out.push(`blocks ${given.blocksPerStage?.join(',') ?? 'none'} (run: ${stored.blocksPerStage?.join(',') ?? 'none'})`);
  }
  if (given.attentionWidth !== undefined && given.attentionWidth !== stored.attentionWidth) out.push(`attention width ${given.attentionWidth} (run: ${stored.attentionWidth})`);
  return out;
}
