import type * as tf from '@tensorflow/tfjs-core';
import { createJppnetParser } from '@lip/jppnet';
import type { PixelInput } from '@lip/runtime';
import type { HumanParser } from '@lip/schema';
import type { ModelKind } from './models.js';

export type DemoParser = HumanParser<PixelInput, tf.Tensor2D>;
type ParserFactory = (config: { model: string; onProgress?: (fraction: number) => void }) => Promise<DemoParser>;

/** A factory a package may not have yet (`createSsnanParser`, `createPspnetParser` share the parser contract). */
function factoryOf(module: Record<string, unknown>, name: string, pkg: string): ParserFactory {
  const factory = module[name];
  if (typeof factory !== 'function') throw new Error(`${pkg} has no ${name} in this build, so the page cannot load this model`);
  return factory as ParserFactory;
}

/** The parser factory of each model kind; the SS-NAN and PSPNet packages load only when asked for. */
const FACTORIES: Record<ModelKind, () => Promise<ParserFactory>> = {
  jppnet: async () => createJppnetParser,
  ssnan: async () => factoryOf((await import('@lip/nan-head')) as Record<string, unknown>, 'createSsnanParser', '@lip/nan-head'),
  pspnet: async () => factoryOf((await import('@lip/pspnet')) as Record<string, unknown>, 'createPspnetParser', '@lip/pspnet'),
};

const KINDS = Object.keys(FACTORIES) as ModelKind[];

/**
 * Which parser a model.json is for: the config its metadata carries (`userDefinedMetadata.jppnet`, `.ssnan`,
 * `.pspnet`). null when it cannot be read or names none: then the fallback parser loads it and says what is wrong.
 */
export async function detectModelKind(url: string): Promise<ModelKind | null> {
  try {
    const response = await fetch(url);
    if (!response.ok) return null;
    const json = (await response.json()) as { userDefinedMetadata?: Record<string, unknown> };
    return KINDS.find((kind) => json.userDefinedMetadata?.[kind] != null) ?? null;
  } catch {
    return null;
  }
}

/** Loads the model at `url` with its parser (the kind its metadata names, else `fallback`). */
export async function loadParser(url: string, fallback: ModelKind, onProgress?: (fraction: number) => void): Promise<{ parser: DemoParser; kind: ModelKind }> {
  const kind = (await detectModelKind(url)) ?? fallback;
  const factory = await FACTORIES[kind]();
  const parser = await factory({ model: url, ...(onProgress ? { onProgress } : {}) });
  return { parser, kind };
}
