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
    id: 'jppnet-synthetic',
    label: 'JPPNet trained on the synthetic mini-LIP (shipped): parsing and pose',
    url: 'models/jppnet-synthetic/model.json',
    kind: 'jppnet',
    note: "The repository's synthetic-pretrained JPPNet (npm run pretrain; uint8; parses at its 192 px). It knows only synthetic people: for photographs, convert the authors' weights with lip-convert and give their URL.",
  },
  {
    id: 'ssnan-synthetic',
    label: 'SS-NAN trained on the synthetic mini-LIP (shipped): parsing',
    url: 'models/ssnan-synthetic/model.json',
    kind: 'ssnan',
    note: "The repository's synthetic-pretrained SS-NAN (npm run pretrain; float16). It knows only synthetic people: for photographs, convert the authors' weights with lip-convert and give their URL.",
  },
];

/** The sample images: val images of the synthetic mini-LIP the shipped models were pretrained on (never trained on). */
export const SAMPLE_IMAGES: readonly { readonly label: string; readonly url: string }[] = [0, 1, 2, 3].map((i) => ({
  label: `synthetic mini-LIP val #${i} (held out)`,
  url: `samples/synthetic-val-${i}.png`,
}));
