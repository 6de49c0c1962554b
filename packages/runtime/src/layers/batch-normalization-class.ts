import { serialization } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

type Layer = LayersModel['layers'][number];

/** A tfjs-layers LayerVariable, as BatchNormalization holds its weights. */
interface LayerVariable {
  read(): import('@tensorflow/tfjs-core').Variable;
  write(value: import('@tensorflow/tfjs-core').Tensor): void;
}

/** The fields of tfjs-layers' BatchNormalization that @lip/runtime reads (tfjs-layers does not export the class). */
export interface BatchNormalizationLayer extends Layer {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: LayerVariable | null;
  beta: LayerVariable | null;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}

const registered = serialization.SerializationMap.getMap().classNameMap['BatchNormalization'];
if (registered == null) throw new Error('@lip/runtime: tfjs-layers did not register BatchNormalization');

/** tfjs-layers' BatchNormalization class, as registered for deserialisation. */
export const BatchNormalization = registered[0] as unknown as abstract new (...args: never[]) => BatchNormalizationLayer;
