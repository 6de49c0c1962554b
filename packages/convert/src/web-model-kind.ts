/** The networks `lip-convert` writes web models of; each is also the key of its config in `userDefinedMetadata`. */
export type WebModelKind = 'jppnet' | 'ssnan' | 'pspnet';

export const WEB_MODEL_KINDS: readonly WebModelKind[] = Object.freeze(['jppnet', 'ssnan', 'pspnet']);
