// A minimal WebAssembly binary writer: just what the SIMD resampling kernels need (i32 and v128
// locals, structured loops, loads/stores, integer and SIMD arithmetic), so the kernels ship as
// TypeScript without a wasm toolchain. Opcodes follow the WebAssembly core spec and SIMD proposal.

const I32 = 0x7f;
const V128 = 0x7b;

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A local variable (parameters first, then declared locals). */
export type Local = number & { readonly __local: unique symbol };

/** The body of one function, written instruction by instruction (stack machine order). */
export class FunctionBody {
  readonly code: number[] = [];
  private readonly localTypes: number[] = [];

  constructor(readonly paramCount: number) {}

  /** Parameter `index` (all parameters are i32). */
  param(index: number): Local {
    if (index >= this.paramCount) throw new RangeError(`parameter ${index} of ${this.paramCount}`);
    return index as Local;
  }

  i32Local(): Local {
    this.localTypes.push(I32);
    return (this.paramCount + this.localTypes.length - 1) as Local;
  }

  v128Local(): Local {
    this.localTypes.push(V128);
    return (this.paramCount + this.localTypes.length - 1) as Local;
  }

  get(l: Local): this {
    this.code.push(0x20, ...unsignedLeb(l));
    return this;
  }
  set(l: Local): this {
    this.code.push(0x21, ...unsignedLeb(l));
    return this;
  }
  tee(l: Local): this {
    this.code.push(0x22, ...unsignedLeb(l));
    return this;
  }
  i32(value: number): this {
    this.code.push(0x41, ...signedLeb(value));
    return this;
  }
  /** Plain i32 instructions by opcode (add 0x6a, sub 0x6b, mul 0x6c, ge_u 0x4f, lt_u 0x49, eq 0x46, select 0x1b). */
  op(opcode: number): this {
    this.code.push(opcode);
    return this;
  }
  i32Load(offset = 0): this {
    this.code.push(0x28, 2, ...unsignedLeb(offset));
    return this;
  }
  i32Load8U(offset = 0): this {
    this.code.push(0x2d, 0, ...unsignedLeb(offset));
    return this;
  }
  i32Store8(offset = 0): this {
    this.code.push(0x3a, 0, ...unsignedLeb(offset));
    return this;
  }
  /** `memory.fill` (bulk memory): pops destination, byte value, length. */
  memoryFill(): this {
    this.code.push(0xfc, 0x0b, 0x00);
    return this;
  }
  /** `block` / `loop` with no result; close with `end()`. Branch depth 0 is the innermost. */
  block(): this {
    this.code.push(0x02, 0x40);
    return this;
  }
  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }
  end(): this {
    this.code.push(0x0b);
    return this;
  }
  br(depth: number): this {
    this.code.push(0x0c, ...unsignedLeb(depth));
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d, ...unsignedLeb(depth));
    return this;
  }
  /** A SIMD instruction (0xfd prefix) with its immediates already encoded. */
  simd(opcode: number, ...immediates: number[]): this {
    this.code.push(0xfd, ...unsignedLeb(opcode), ...immediates);
    return this;
  }
  /** A SIMD memory instruction: `v128.load` 0x00, `v128.store` 0x0b, `v128.load32_zero` 0x5c… */
  simdMemory(opcode: number, offset = 0, lane?: number): this {
    return this.simd(opcode, 0, ...unsignedLeb(offset), ...(lane === undefined ? [] : [lane]));
  }
  v128Const(bytes: readonly number[]): this {
    return this.simd(0x0c, ...bytes);
  }
  shuffle(lanes: readonly number[]): this {
    return this.simd(0x0d, ...lanes);
  }

  /** The function body as the code section stores it: size, local declarations (runs of one type), code. */
  encode(): number[] {
    const runs: number[][] = [];
    for (let i = 0; i < this.localTypes.length; ) {
      let n = 1;
      while (i + n < this.localTypes.length && this.localTypes[i + n] === this.localTypes[i]) n++;
      runs.push([...unsignedLeb(n), this.localTypes[i]!]);
      i += n;
    }
    const body = [...vector(runs), ...this.code, 0x0b];
    return [...unsignedLeb(body.length), ...body];
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

/**
 * Assembles a module of functions taking only i32 parameters and returning nothing, plus one
 * exported, growable memory named `memory`.
 */
export function assembleModule(functions: readonly { name: string; body: FunctionBody }[], memoryPages: number): Uint8Array {
  const types = functions.map((f) => [0x60, ...unsignedLeb(f.body.paramCount), ...new Array<number>(f.body.paramCount).fill(I32), 0]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(5, vector([[0x00, ...unsignedLeb(memoryPages)]])),
    ...section(7, vector([[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)])])),
    ...section(10, vector(functions.map((f) => f.body.encode()))),
  ];
  return Uint8Array.from(bytes);
}
