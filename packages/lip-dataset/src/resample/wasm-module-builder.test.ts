import { describe, expect, it } from 'vitest';
import { assembleModule, FunctionBody } from './wasm-module-builder.js';

// The package's TypeScript lib has no DOM types: the bits of the WebAssembly API used here.
const wasm = (globalThis as unknown as {
  WebAssembly: {
    validate(bytes: Uint8Array): boolean;
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object) => { readonly exports: Record<string, unknown> };
  };
}).WebAssembly;

describe('assembleModule', () => {
  it('encodes parameters, locals, constants (signed LEB128), loops and memory', () => {
    // fill(ptr, n): for i in 0..n-1, memory[ptr + 4i] = i * -3 + 70000 (i32)
    const f = new FunctionBody(2);
    const [ptr, n] = [f.param(0), f.param(1)];
    const i = f.i32Local();
    f.i32(0).set(i);
    f.block().loop();
    f.get(i).get(n).op(0x4f).brIf(1); // i >= n: leave
    f.get(ptr).get(i).i32(4).op(0x6c).op(0x6a); // address
    f.get(i).i32(-3).op(0x6c).i32(70000).op(0x6a);
    f.code.push(0x36, 2, 0); // i32.store
    f.get(i).i32(1).op(0x6a).set(i);
    f.br(0).end().end();
    const bytes = assembleModule([{ name: 'fill', body: f }], 1);
    expect(wasm.validate(bytes)).toBe(true);
    const { exports } = new wasm.Instance(new wasm.Module(bytes));
    (exports.fill as (p: number, n: number) => void)(16, 200);
    const memory = new Int32Array((exports.memory as { buffer: ArrayBuffer }).buffer, 16, 200);
    expect([...memory]).toEqual(Array.from({ length: 200 }, (_, k) => k * -3 + 70000));
  });
});
