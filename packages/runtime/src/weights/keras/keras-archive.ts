import { WeightImportError } from '../weight-source.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A `.keras` file is a zip archive, not HDF5: say so rather than report a missing HDF5 signature. */
export function rejectKerasArchive(head: Uint8Array, description: string): void {
  if (ZIP_MAGIC.every((b, i) => head[i] === b)) {
    throw new WeightImportError(
      `${description}: this is a zip archive (a Keras 3 ".keras" file), not HDF5. Its model.weights.h5 uses the ` +
        `Keras 3 layout, which is not supported; save the model with model.save("x.h5") and load that file.`,
    );
  }
}
