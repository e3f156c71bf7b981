/**
 * Just enough of the WebAssembly binary format to write the engine's few numeric kernels in
 * TypeScript, in the folded (S-expression) style of the text format: `f64x2.add(a, b)` is the code of
 * `a`, then of `b`, then the opcode. Kernels are assembled once per process, at first use, so the
 * repository holds their source, not an opaque binary, and no build step or dependency is needed.
 *
 * Only what the kernels use is here (add an opcode when a kernel needs one): i32 and f64 scalars,
 * f64x2 SIMD (WebAssembly SIMD, in every Node.js since 16.4), one imported memory, and functions
 * calling each other by index. WebAssembly arithmetic is IEEE 754 with no fused multiply-add and no
 * reassociation, so a kernel that performs the same operations in the same order as a JavaScript loop
 * returns the same bits.
 */

export type Code = readonly number[];
export type ValType = 'i32' | 'f64' | 'v128';

const TYPE_BYTE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  while (true) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const seq = (...parts: Code[]): number[] => parts.flat();
const binary = (opcode: number[]) => (a: Code, b: Code): Code => seq(a, b, opcode);
const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];
/** memarg: alignment as a power of two, then a constant byte offset added to the address. */
const memarg = (alignLog2: number, offset: number): number[] => [alignLog2, ...uleb(offset)];
const EMPTY_BLOCK = 0x40;

export const i32 = {
  const: (n: number): Code => [0x41, ...sleb(n)],
  add: binary([0x6a]),
  mul: binary([0x6c]),
  and: binary([0x71]),
  eq: binary([0x46]),
  ltS: binary([0x48]),
  load: (address: Code, offset = 0): Code => seq(address, [0x28], memarg(2, offset)),
};

export const f64 = {
  add: binary([0xa0]),
  sub: binary([0xa1]),
  mul: binary([0xa2]),
  abs: (x: Code): Code => seq(x, [0x99]),
  load: (address: Code, offset = 0): Code => seq(address, [0x2b], memarg(3, offset)),
  store: (address: Code, value: Code, offset = 0): Code => seq(address, value, [0x39], memarg(3, offset)),
  /** A float32 in memory, widened exactly to a double (what reading a Float32Array element does). */
  loadF32: (address: Code, offset = 0): Code => seq(address, [0x2a], memarg(2, offset), [0xbb]),
};

/** Two doubles side by side: lane 0 at the lower address. */
export const f64x2 = {
  zero: (): Code => seq(simd(0x0c), new Array<number>(16).fill(0)),
  splat: (x: Code): Code => seq(x, simd(0x14)),
  lane: (v: Code, lane: 0 | 1): Code => seq(v, simd(0x21), [lane]),
  add: binary(simd(0xf0)),
  sub: binary(simd(0xf1)),
  mul: binary(simd(0xf2)),
  load: (address: Code, offset = 0): Code => seq(address, simd(0x00), memarg(3, offset)),
  /** Two float32 in memory, widened exactly to doubles (v128.load64_zero, then f64x2.promote_low_f32x4). */
  loadF32: (address: Code, offset = 0): Code => seq(address, simd(0x5d), memarg(2, offset), simd(0x5f)),
  store: (address: Code, value: Code, offset = 0): Code => seq(address, value, simd(0x0b), memarg(3, offset)),
};

/** Control flow, with the labels as the text format counts them: 0 is the innermost block. */
export const flow = {
  /** `while (condition) body`: the body may not branch itself. */
  while: (condition: Code, ...body: Code[]): Code =>
    seq([0x02, EMPTY_BLOCK, 0x03, EMPTY_BLOCK], condition, [0x45, 0x0d, 1], ...body, [0x0c, 0, 0x0b, 0x0b]),
  if: (condition: Code, then: Code[], otherwise: Code[] = []): Code =>
    seq(condition, [0x04, EMPTY_BLOCK], ...then, otherwise.length > 0 ? seq([0x05], ...otherwise) : [], [0x0b]),
  call: (fn: number, ...args: Code[]): Code => seq(...args, [0x10], uleb(fn)),
  return: (value: Code): Code => seq(value, [0x0f]),
};

/** A function's signature and named locals; `get`/`set` address them by name. */
export class FunctionBuilder {
  private readonly indices = new Map<string, number>();
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly params: Readonly<Record<string, ValType>>,
    readonly results: readonly ValType[],
    locals: Readonly<Record<string, ValType>>,
  ) {
    for (const name of [...Object.keys(params), ...Object.keys(locals)]) {
      if (this.indices.has(name)) throw new Error(`wasm function: "${name}" is declared twice`);
      this.indices.set(name, this.indices.size);
    }
    this.localTypes = Object.values(locals);
  }

  get(name: string): Code {
    return [0x20, ...uleb(this.index(name))];
  }

  set(name: string, value: Code): Code {
    return seq(value, [0x21], uleb(this.index(name)));
  }

  /** The body's bytes: local declarations, the code, `end`. */
  encode(body: Code[]): number[] {
    const locals = this.localTypes.map((type) => [1, TYPE_BYTE[type]]);
    return seq(uleb(locals.length), ...locals, ...body, [0x0b]);
  }

  typeBytes(): number[] {
    const params = Object.values(this.params).map((t) => TYPE_BYTE[t]);
    const results = this.results.map((t) => TYPE_BYTE[t]);
    return seq([0x60], uleb(params.length), params, uleb(results.length), results);
  }

  private index(name: string): number {
    const index = this.indices.get(name);
    if (index === undefined) throw new Error(`wasm function: no local "${name}"`);
    return index;
  }
}

export interface FunctionDefinition {
  /** Exported under this name; `undefined` keeps it internal (called by index). */
  exportName?: string;
  builder: FunctionBuilder;
  body: Code[];
}

const section = (id: number, bytes: number[]): number[] => seq([id], uleb(bytes.length), bytes);
const vector = (items: number[][]): number[] => seq(uleb(items.length), ...items);
const name = (text: string): number[] => vector([...text].map((c) => [c.charCodeAt(0)]));

/** A module importing one memory as `env.memory`; function i of `functions` has index i. */
export function encodeModule(functions: readonly FunctionDefinition[]): Uint8Array {
  const exports = functions.flatMap((fn, index) =>
    fn.exportName === undefined ? [] : [seq(name(fn.exportName), [0x00], uleb(index))],
  );
  const bodies = functions.map((fn) => fn.builder.encode(fn.body));
  return new Uint8Array(
    seq(
      [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      section(1, vector(functions.map((fn) => fn.builder.typeBytes()))),
      section(2, vector([seq(name('env'), name('memory'), [0x02, 0x00], uleb(0))])),
      section(3, vector(functions.map((_, index) => uleb(index)))),
      section(7, vector(exports)),
      section(10, vector(bodies.map((body) => seq(uleb(body.length), body)))),
    ),
  );
}
