import { ProtobufReader } from './protobuf-reader.js';

/** tensor_bundle.proto's BundleHeaderProto: the value of the index's empty key. */
export interface BundleHeader {
  numShards: number;
  endianness: 'little' | 'big';
}

/** tensor_bundle.proto's BundleEntryProto: where one tensor's bytes are and their checksum. */
export interface BundleEntry {
  dtype: number;
  shape: number[];
  shardId: number;
  offset: number;
  size: number;
  /** Masked CRC-32C of the tensor's bytes. */
  crc32c: number;
  /** Set for a partitioned variable, whose slices are stored under other keys. */
  sliced: boolean;
}

export function decodeBundleHeader(bytes: Uint8Array): BundleHeader {
  const reader = new ProtobufReader(bytes);
  const header: BundleHeader = { numShards: 0, endianness: 'little' };
  for (let tag = reader.tag(); tag; tag = reader.tag()) {
    if (tag.field === 1 && tag.wireType === 0) header.numShards = reader.uint();
    else if (tag.field === 2 && tag.wireType === 0) header.endianness = reader.uint() === 1 ? 'big' : 'little';
    else reader.skip(tag.wireType);
  }
  return header;
}

export function decodeBundleEntry(bytes: Uint8Array): BundleEntry {
  const reader = new ProtobufReader(bytes);
  const entry: BundleEntry = { dtype: 0, shape: [], shardId: 0, offset: 0, size: 0, crc32c: 0, sliced: false };
  for (let tag = reader.tag(); tag; tag = reader.tag()) {
    const { field, wireType } = tag;
    if (field === 1 && wireType === 0) entry.dtype = reader.uint();
    else if (field === 2 && wireType === 2) entry.shape = decodeTensorShape(reader.message());
    else if (field === 3 && wireType === 0) entry.shardId = reader.uint();
    else if (field === 4 && wireType === 0) entry.offset = reader.int64();
    else if (field === 5 && wireType === 0) entry.size = reader.int64();
    else if (field === 6 && wireType === 5) entry.crc32c = reader.fixed32();
    else if (field === 7 && wireType === 2) {
      entry.sliced = true;
      reader.skip(wireType);
    } else reader.skip(wireType);
  }
  return entry;
}

/** TensorShapeProto: repeated Dim dim = 2 (Dim: int64 size = 1, string name = 2). */
function decodeTensorShape(reader: ProtobufReader): number[] {
  const shape: number[] = [];
  for (let tag = reader.tag(); tag; tag = reader.tag()) {
    if (tag.field === 2 && tag.wireType === 2) {
      const dim = reader.message();
      let size = 0;
      for (let t = dim.tag(); t; t = dim.tag()) {
        if (t.field === 1 && t.wireType === 0) size = dim.int64();
        else dim.skip(t.wireType);
      }
      shape.push(size);
    } else reader.skip(tag.wireType);
  }
  return shape;
}
