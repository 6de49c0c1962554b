import * as tfl from '@tensorflow/tfjs-layers';

type SymbolicTensor = tfl.SymbolicTensor;
type LayerNode = tfl.layers.Layer['inboundNodes'][number];

/**
 * Applies `model`'s layers one by one to `inputs` in an enclosing graph, instead of nesting `model` as one
 * layer: returns the enclosing graph's tensors for `model.outputs`. The layers (and so the weights) are the
 * model's own; `model` keeps working on its own.
 *
 * Why: tfjs-layers' executor runs a layer once per output it needs, so a nested model with two outputs both
 * used downstream (a trunk and a tap) runs twice per forward, in training and in inference. Inlined, every
 * layer runs once.
 */
export function inlineLayersModel(model: tfl.LayersModel, inputs: SymbolicTensor | SymbolicTensor[]): SymbolicTensor[] {
  const given = Array.isArray(inputs) ? inputs : [inputs];
  if (given.length !== model.inputs.length) {
    throw new Error(`inlineLayersModel: model '${model.name}' has ${model.inputs.length} input(s), got ${given.length}`);
  }
  const mapped = new Map<SymbolicTensor, SymbolicTensor>(model.inputs.map((input, i) => [input, given[i]!]));
  const applied = new Map<LayerNode, SymbolicTensor[]>();

  const outerOf = (tensor: SymbolicTensor): SymbolicTensor => {
    const known = mapped.get(tensor);
    if (known != null) return known;
    const layer = tensor.sourceLayer;
    const node = layer.inboundNodes.find((n) => n.outputTensors.includes(tensor));
    if (node == null) throw new Error(`inlineLayersModel: tensor '${tensor.name}' of model '${model.name}' has no producing node`);
    let outputs = applied.get(node);
    if (outputs == null) {
      const layerInputs = node.inputTensors.map(outerOf);
      const result = layer.apply(layerInputs.length === 1 ? layerInputs[0]! : layerInputs, tensor.callArgs) as SymbolicTensor | SymbolicTensor[];
      outputs = Array.isArray(result) ? result : [result];
      applied.set(node, outputs);
    }
    const outer = outputs[node.outputTensors.indexOf(tensor)]!;
    mapped.set(tensor, outer);
    return outer;
  };
  return model.outputs.map(outerOf);
}
