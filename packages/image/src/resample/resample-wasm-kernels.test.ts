import { describe, expect, it } from 'vitest';
import { PILLOW_RESAMPLE_WASM } from './pillow-resample-wasm.js';
import { resampleWasmKernels } from './resample-wasm-kernels.js';

/** The WebAssembly API the test reads (the package compiles without the DOM library). */
const webAssembly = (globalThis as unknown as { WebAssembly: {
  Module: { new (bytes: Uint8Array): object; imports(m: object): Array<{ name: string; kind: string }>; exports(m: object): Array<{ name: string }> };
} }).WebAssembly;

/** The ids of a module's sections, in order. */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at++]!;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++]!;
      size |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    ids.push(id);
    at += size;
  }
  return ids;
}

describe('the embedded resample module (pillow-resample.c)', () => {
  it('has no data or stack of its own: imports only its memory and the (unused) relocation bases', () => {
    const bytes = new Uint8Array(Buffer.from(PILLOW_RESAMPLE_WASM, 'base64'));
    // Callers lay out their buffers from address 0: the module must write only where it is pointed.
    expect(sectionIds(bytes)).not.toContain(11); // no data segment
    const module = new webAssembly.Module(bytes);
    // No __stack_pointer: sums and weights stay in wasm locals.
    expect(webAssembly.Module.imports(module).map((i) => `${i.name}:${i.kind}`).sort()).toEqual(
      ['__indirect_function_table:table', '__memory_base:global', '__table_base:global', 'memory:memory']);
    expect(webAssembly.Module.exports(module).map((e) => e.name).sort()).toEqual(['label_slot', 'resample_horizontal', 'resample_vertical']);
  });

  it('instantiates on a plain, growable memory', () => {
    const k = resampleWasmKernels();
    expect(k).not.toBeNull();
    const before = k!.memory.buffer.byteLength;
    expect(before).toBeGreaterThan(0);
    k!.memory.grow(1);
    expect(k!.memory.buffer.byteLength).toBe(before + 65536);
    expect(k!.memory.buffer instanceof ArrayBuffer).toBe(true);
  });
});
