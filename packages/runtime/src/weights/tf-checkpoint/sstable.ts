import { crc32c, unmaskCrc32c } from './crc32c.js';
import { ProtobufReader } from './protobuf-reader.js';

/** One key/value of a LevelDB-format table, as TensorFlow's checkpoint `.index` files are. */
export interface TableEntry {
  key: string;
  value: Uint8Array;
}

const FOOTER_BYTES = 48;
const BLOCK_TRAILER_BYTES = 5; // compression type + masked CRC-32C
const MAGIC = [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]; // 0xdb4775248b80fb57, little-endian
const COMPRESSION_NAMES: Record<number, string> = { 1: 'snappy', 2: 'zlib' };

/**
 * Every entry of a table, in key order: the footer points to the index block, whose values point to the data
 * blocks. Each block's masked CRC-32C is checked. TensorFlow writes checkpoint indexes uncompressed;
 * compressed blocks are reported, not decoded.
 */
export function readTableEntries(bytes: Uint8Array, fail: (what: string) => Error): TableEntry[] {
  if (bytes.length < FOOTER_BYTES) throw fail(`${bytes.length} bytes is too short for a table footer (${FOOTER_BYTES} bytes)`);
  const footer = bytes.subarray(bytes.length - FOOTER_BYTES);
  if (!MAGIC.every((b, i) => footer[FOOTER_BYTES - 8 + i] === b)) throw fail('bad table magic number (not a TensorFlow checkpoint index, or truncated)');
  const handles = new ProtobufReader(footer, 0, FOOTER_BYTES - 8);
  const handle = () => ({ offset: handles.uint(), size: handles.uint() });
  handle(); // the metaindex block: TensorFlow writes no meta blocks
  const indexHandle = handle();
  const entries: TableEntry[] = [];
  for (const indexEntry of blockEntries(readBlock(bytes, indexHandle, 'index', fail), 'index', fail)) {
    const reader = new ProtobufReader(indexEntry.value);
    const dataHandle = { offset: reader.uint(), size: reader.uint() };
    entries.push(...blockEntries(readBlock(bytes, dataHandle, `data block at ${dataHandle.offset}`, fail), `data block at ${dataHandle.offset}`, fail));
  }
  return entries;
}

function readBlock(bytes: Uint8Array, { offset, size }: { offset: number; size: number }, label: string, fail: (what: string) => Error): Uint8Array {
  const end = offset + size + BLOCK_TRAILER_BYTES;
  if (end > bytes.length) throw fail(`${label} [${offset}, ${end}) lies beyond the end of the file (${bytes.length} bytes)`);
  const contents = bytes.subarray(offset, offset + size);
  const type = bytes[offset + size]!;
  const stored = new DataView(bytes.buffer, bytes.byteOffset + offset + size + 1, 4).getUint32(0, true);
  const actual = crc32c(bytes.subarray(offset + size, offset + size + 1), crc32c(contents));
  if (unmaskCrc32c(stored) !== actual) throw fail(`${label}: CRC-32C mismatch (file corrupt)`);
  if (type !== 0) {
    throw fail(`${label} is ${COMPRESSION_NAMES[type] ?? `type ${type}`}-compressed; only uncompressed blocks (what TensorFlow writes) are supported`);
  }
  return contents;
}

function blockEntries(block: Uint8Array, label: string, fail: (what: string) => Error): TableEntry[] {
  if (block.length < 4) throw fail(`${label} is too short`);
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const numRestarts = view.getUint32(block.length - 4, true);
  const entriesEnd = block.length - 4 - 4 * numRestarts;
  if (entriesEnd < 0) throw fail(`${label} has a bad restart count ${numRestarts}`);
  const decoder = new TextDecoder();
  const entries: TableEntry[] = [];
  let key = new Uint8Array(0);
  const reader = new ProtobufReader(block, 0, entriesEnd);
  try {
    while (!reader.done) {
      // Keys share a prefix with the previous key: shared length, new bytes, then the value.
      const shared = reader.uint();
      const unshared = reader.uint();
      const valueLength = reader.uint();
      const start = reader.offset;
      if (shared > key.length || start + unshared + valueLength > entriesEnd) throw new Error('entry overruns its block');
      const next = new Uint8Array(shared + unshared);
      next.set(key.subarray(0, shared));
      next.set(block.subarray(start, start + unshared), shared);
      key = next;
      entries.push({ key: decoder.decode(key), value: block.subarray(start + unshared, start + unshared + valueLength) });
      reader.skipBytes(unshared + valueLength);
    }
  } catch (error) {
    throw fail(`${label}: ${(error as Error).message}`);
  }
  return entries;
}
