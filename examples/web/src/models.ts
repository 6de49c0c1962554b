/** What a model in the model selector is: its label, the URL of its model.json, and which parser loads it. */
export interface DemoModel {
  readonly id: string;
  readonly label: string;
  /** model.json, relative to the page (served by the page itself: no request leaves the page's host). */
  readonly url: string;
  /** The parser that loads it: `createJppnetParser`, `createSsnanParser` or `createPspnetParser`. */
  readonly kind: ModelKind;
  /** Shown under the selector. */
  readonly note?: string;
}

export type ModelKind = 'jppnet' | 'ssnan' | 'pspnet';

/**
 * The models the page offers, first one loaded at start. Adding a model is one line here (its folder under
 * `public/models/`, or any URL the page may fetch).
 */
export const DEMO_MODELS: readonly DemoModel[] = [
  {
    id: 'ssnan-synthetic',
    label: 'SS-NAN trained on the synthetic mini-LIP (shipped)',
    url: 'models/ssnan-synthetic/model.json',
    kind: 'ssnan',
    note: "The repository's synthetic-pretrained SS-NAN (npm run pretrain; float16). It knows only synthetic people: for photographs, convert the authors' weights with lip-convert and give their URL.",
  },
  {
    id: 'jppnet-random',
    label: 'JPPNet, tiny, random weights (plumbing check)',
    url: 'models/jppnet-random/model.json',
    kind: 'jppnet',
    note: 'Its weights are random (seeded): the page, the backends and the parser run end to end, but the labels and joints mean nothing.',
  },
];

/** The sample images (synthetic mini-LIP, generated at build into public/samples/). */
export const SAMPLE_IMAGES: readonly { readonly label: string; readonly url: string }[] = [0, 1, 2, 3].map((i) => ({
  label: `synthetic mini-LIP #${i}`,
  url: `samples/synthetic-${i}.png`,
}));
