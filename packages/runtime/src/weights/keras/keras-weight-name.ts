/** Where a Keras HDF5 weight belongs: the layer that owns it and its role in that layer. */
export interface KerasWeightOwner {
  layer: string;
  role: string;
}

/**
 * Splits the `weight_names` of one layer group into (layer, role).
 *
 * A weight name is `<layer>/<role>` with Keras 2's `:0` suffix or without it (Keras 3 legacy). The layer comes
 * from the weight name, not the group, because a nested model (SS-NAN's `resnet101_model`) is one group holding
 * every inner layer's weights. One exception keeps Keras' own by-group semantics: when all the group's weights
 * sit under a single TF scope that is the group name with a `_N` suffix (a layer built twice in one TF1 session,
 * e.g. group `conv_b` holding `conv_b_1/kernel:0`), the layer is the group.
 */
export function kerasWeightOwners(group: string, weightNames: string[]): KerasWeightOwner[] {
  const split = weightNames.map((weightName) => {
    const base = weightName.replace(/:\d+$/, '');
    const slash = base.lastIndexOf('/');
    return { prefix: slash < 0 ? '' : base.slice(0, slash), role: base.slice(slash + 1) };
  });
  const prefixes = new Set(split.map((s) => s.prefix));
  const onlyPrefix = prefixes.size === 1 ? [...prefixes][0]! : undefined;
  const uniquifiedScope = onlyPrefix !== undefined && new RegExp(`^${escapeRegExp(group)}_\\d+$`).test(onlyPrefix);
  return split.map(({ prefix, role }) => ({ layer: prefix === '' || uniquifiedScope ? group : prefix, role }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
