/**
 * The hot loops of the factor models as WebAssembly SIMD kernels: scoring every item for one user
 * (top-N, similar items) and one user's SGD steps (SVD training). Each float64 kernel keeps the exact
 * arithmetic of its JavaScript counterpart — `dot`'s four running sums become two f64x2 accumulators
 * whose lanes are sums 0, 1 and 2, 3; the remainder of k goes to sum 0; the sums meet as
 * (s0 + s1) + (s2 + s3) — so results are bit-identical, only 2–5× faster (two doubles per
 * instruction, no bounds checks). Tests hold each kernel to its JavaScript reference. The float32
 * scoring kernel is the one approximation, with a proven error bound (bounded-item-scorer.ts).
 *
 * Addresses are byte offsets into the memory the caller supplies (see kernel-arena.ts); every
 * float64 array starts on an 8-byte boundary.
 */
import { encodeModule, f64, f64x2, flow, FunctionBuilder, i32, seq, type Code, type ValType } from './wasm-encoder.ts';

const DOT = 0;

/** dot(a, b, k): a[0..k) · b[0..k) in `dot`'s order (vectors.ts). */
function dotFunction() {
  const fn = new FunctionBuilder(
    { a: 'i32', b: 'i32', k: 'i32' },
    ['f64'],
    { f: 'i32', end4: 'i32', end: 'i32', acc01: 'v128', acc23: 'v128', s0: 'f64' },
  );
  const { get, set } = bind(fn);
  const at = (base: string) => i32.add(get(base), get('f'));
  const body = [
    set('end', i32.mul(get('k'), i32.const(8))),
    set('end4', i32.and(get('end'), i32.const(-32))),
    set('acc01', f64x2.zero()),
    set('acc23', f64x2.zero()),
    flow.while(
      i32.ltS(get('f'), get('end4')),
      set('acc01', f64x2.add(get('acc01'), f64x2.mul(f64x2.load(at('a')), f64x2.load(at('b'))))),
      set('acc23', f64x2.add(get('acc23'), f64x2.mul(f64x2.load(at('a'), 16), f64x2.load(at('b'), 16)))),
      set('f', i32.add(get('f'), i32.const(32))),
    ),
    set('s0', f64x2.lane(get('acc01'), 0)),
    flow.while(
      i32.ltS(get('f'), get('end')),
      set('s0', f64.add(get('s0'), f64.mul(f64.load(at('a')), f64.load(at('b'))))),
      set('f', i32.add(get('f'), i32.const(8))),
    ),
    flow.return(sumLanes(get('s0'), get('acc01'), get('acc23'))),
  ];
  return { builder: fn, body };
}

/** (s0 + s1) + (s2 + s3), with s1 = acc01's lane 1 and s2, s3 = acc23's lanes. */
function sumLanes(s0: Code, acc01: Code, acc23: Code): Code {
  return f64.add(f64.add(s0, f64x2.lane(acc01, 1)), f64.add(f64x2.lane(acc23, 0), f64x2.lane(acc23, 1)));
}

/**
 * scoreRows(q, v, out, n, k, bi, base, biased): out[r] = base + bi[r] + q_r·v (biased ≠ 0) or q_r·v,
 * for the n k-long rows of q. Rows go two at a time, so that each load of v serves two rows and four
 * independent accumulators hide the latency of the additions.
 *
 * scoreRowsF32(..., norms, errors, perNorm, perScore, floor): the same with q in float32, each element
 * widened exactly to a double — the exact score of the rounded factors, read with half the memory
 * traffic — and beside each score its error bound
 *   errors[r] = perNorm · norms[r] + perScore · |out[r]| + floor   (see bounded-item-scorer.ts).
 */
function scoreRowsFunction(element: 'f64' | 'f32') {
  const bounds: Record<string, ValType> =
    element === 'f32' ? { norms: 'i32', errors: 'i32', perNorm: 'f64', perScore: 'f64', floor: 'f64' } : {};
  const fn = new FunctionBuilder(
    { q: 'i32', v: 'i32', out: 'i32', n: 'i32', k: 'i32', bi: 'i32', base: 'f64', biased: 'i32', ...bounds },
    [],
    {
      r: 'i32', rowBytes: 'i32', end4: 'i32', end: 'i32', f: 'i32', fv: 'i32', qa: 'i32', qb: 'i32', x: 'f64',
      a01: 'v128', a23: 'v128', b01: 'v128', b23: 'v128', v01: 'v128', v23: 'v128', sa: 'f64', sb: 'f64',
    },
  );
  const { get, set } = bind(fn);
  const bytes = element === 'f64' ? 8 : 4;
  const pair = element === 'f64' ? f64x2.load : f64x2.loadF32;
  const one = element === 'f64' ? f64.load : f64.loadF32;
  /** q's element f of a row (`f` counts q's bytes) and v's (`fv` counts v's). */
  const at = (row: string) => i32.add(get(row), get('f'));
  const atV = () => i32.add(get('v'), get('fv'));
  /** Stores a row's dot product `sum` at out[row], adding base + bi[row] first when biased. */
  const store = (row: Code, sum: Code) => {
    const address = i32.add(get('out'), i32.mul(row, i32.const(8)));
    const scored = flow.if(
      get('biased'),
      [f64.store(address, f64.add(f64.add(get('base'), f64.load(i32.add(get('bi'), i32.mul(row, i32.const(8))))), sum))],
      [f64.store(address, sum)],
    );
    if (element === 'f64') return scored;
    const norm = f64.load(i32.add(get('norms'), i32.mul(row, i32.const(8))));
    const error = f64.add(f64.add(f64.mul(get('perNorm'), norm), f64.mul(get('perScore'), f64.abs(f64.load(address)))), get('floor'));
    return seq(scored, f64.store(i32.add(get('errors'), i32.mul(row, i32.const(8))), error));
  };
  const body = [
    set('rowBytes', i32.mul(get('k'), i32.const(bytes))),
    set('end', get('rowBytes')),
    set('end4', i32.and(get('end'), i32.const(-4 * bytes))),
    flow.while(
      i32.ltS(i32.add(get('r'), i32.const(1)), get('n')),
      set('qa', i32.add(get('q'), i32.mul(get('r'), get('rowBytes')))),
      set('qb', i32.add(get('qa'), get('rowBytes'))),
      set('a01', f64x2.zero()),
      set('a23', f64x2.zero()),
      set('b01', f64x2.zero()),
      set('b23', f64x2.zero()),
      set('f', i32.const(0)),
      set('fv', i32.const(0)),
      flow.while(
        i32.ltS(get('f'), get('end4')),
        set('v01', f64x2.load(atV())),
        set('v23', f64x2.load(atV(), 16)),
        set('a01', f64x2.add(get('a01'), f64x2.mul(pair(at('qa')), get('v01')))),
        set('a23', f64x2.add(get('a23'), f64x2.mul(pair(at('qa'), 2 * bytes), get('v23')))),
        set('b01', f64x2.add(get('b01'), f64x2.mul(pair(at('qb')), get('v01')))),
        set('b23', f64x2.add(get('b23'), f64x2.mul(pair(at('qb'), 2 * bytes), get('v23')))),
        set('f', i32.add(get('f'), i32.const(4 * bytes))),
        set('fv', i32.add(get('fv'), i32.const(32))),
      ),
      set('sa', f64x2.lane(get('a01'), 0)),
      set('sb', f64x2.lane(get('b01'), 0)),
      flow.while(
        i32.ltS(get('f'), get('end')),
        set('x', f64.load(atV())),
        set('sa', f64.add(get('sa'), f64.mul(one(at('qa')), get('x')))),
        set('sb', f64.add(get('sb'), f64.mul(one(at('qb')), get('x')))),
        set('f', i32.add(get('f'), i32.const(bytes))),
        set('fv', i32.add(get('fv'), i32.const(8))),
      ),
      store(get('r'), sumLanes(get('sa'), get('a01'), get('a23'))),
      store(i32.add(get('r'), i32.const(1)), sumLanes(get('sb'), get('b01'), get('b23'))),
      set('r', i32.add(get('r'), i32.const(2))),
    ),
    // An odd last row: the same loops for one row.
    flow.if(i32.ltS(get('r'), get('n')), [
      set('qa', i32.add(get('q'), i32.mul(get('r'), get('rowBytes')))),
      set('a01', f64x2.zero()),
      set('a23', f64x2.zero()),
      set('f', i32.const(0)),
      set('fv', i32.const(0)),
      flow.while(
        i32.ltS(get('f'), get('end4')),
        set('a01', f64x2.add(get('a01'), f64x2.mul(pair(at('qa')), f64x2.load(atV())))),
        set('a23', f64x2.add(get('a23'), f64x2.mul(pair(at('qa'), 2 * bytes), f64x2.load(atV(), 16)))),
        set('f', i32.add(get('f'), i32.const(4 * bytes))),
        set('fv', i32.add(get('fv'), i32.const(32))),
      ),
      set('sa', f64x2.lane(get('a01'), 0)),
      flow.while(
        i32.ltS(get('f'), get('end')),
        set('sa', f64.add(get('sa'), f64.mul(one(at('qa')), f64.load(atV())))),
        set('f', i32.add(get('f'), i32.const(bytes))),
        set('fv', i32.add(get('fv'), i32.const(8))),
      ),
      store(get('r'), sumLanes(get('sa'), get('a01'), get('a23'))),
    ]),
  ];
  return { builder: fn, body };
}

/**
 * sgdUser(...): one user's SGD steps of an SVD epoch, exactly as `sgdEpoch` in
 * matrix-factorization.ts takes them — error from the current values, biases, then p_u and q_i from
 * their values before the step, the next rating's dot product fused into the same pass unless it is
 * the same item. `items` and `ratings` hold the user's n ratings (int32 ids, float32 ratings).
 */
function sgdUserFunction() {
  const fn = new FunctionBuilder(
    {
      u: 'i32', n: 'i32', k: 'i32', pu: 'i32', qi: 'i32', bu: 'i32', bi: 'i32', items: 'i32', ratings: 'i32',
      mu: 'f64', biased: 'i32', lrBu: 'f64', lrBi: 'f64', lrPu: 'f64', lrQi: 'f64',
      regBu: 'f64', regBi: 'f64', regPu: 'f64', regQi: 'f64',
    },
    [],
    {
      rowBytes: 'i32', end4: 'i32', end: 'i32', uo: 'i32', buAt: 'i32', biAt: 'i32', at: 'i32', i: 'i32', j: 'i32',
      io: 'i32', jo: 'i32', f: 'i32', est: 'f64', err: 'f64', s0: 'f64', puf: 'f64', qif: 'f64', p: 'f64',
      errV: 'v128', lrPuV: 'v128', lrQiV: 'v128', regPuV: 'v128', regQiV: 'v128', acc01: 'v128', acc23: 'v128',
      pv: 'v128', qv: 'v128', newP: 'v128',
    },
  );
  const { get, set } = bind(fn);
  const row = (base: string, index: Code) => i32.add(get(base), i32.mul(index, get('rowBytes')));
  const item = (at: Code) => i32.load(i32.add(get('items'), i32.mul(at, i32.const(4))));
  const at = (base: string) => i32.add(get(base), get('f'));
  /** p' = p + lrPu·(err·q − regPu·p) and q' = q + lrQi·(err·p − regQi·q), two factors at a time. */
  const vectorStep = (offset: number): Code[] => [
    set('pv', f64x2.load(at('uo'), offset)),
    set('qv', f64x2.load(at('io'), offset)),
    set('newP', stepV(get('pv'), get('qv'), get('lrPuV'), get('regPuV'))),
    f64x2.store(at('uo'), get('newP'), offset),
    f64x2.store(at('io'), stepV(get('qv'), get('pv'), get('lrQiV'), get('regQiV')), offset),
  ];
  const stepV = (x: Code, other: Code, lr: Code, reg: Code) =>
    f64x2.add(x, f64x2.mul(lr, f64x2.sub(f64x2.mul(get('errV'), other), f64x2.mul(reg, x))));
  const scalarStep = (): Code[] => [
    set('puf', f64.load(at('uo'))),
    set('qif', f64.load(at('io'))),
    set('p', step(get('puf'), get('qif'), get('lrPu'), get('regPu'))),
    f64.store(at('uo'), get('p')),
    f64.store(at('io'), step(get('qif'), get('puf'), get('lrQi'), get('regQi'))),
  ];
  const step = (x: Code, other: Code, lr: Code, reg: Code) => f64.add(x, f64.mul(lr, f64.sub(f64.mul(get('err'), other), f64.mul(reg, x))));
  /** x += lr·(err − reg·x) at `address`: a bias step. */
  const biasStep = (address: string, lr: string, reg: string) =>
    f64.store(get(address), f64.add(f64.load(get(address)), f64.mul(get(lr), f64.sub(get('err'), f64.mul(get(reg), f64.load(get(address)))))));
  const plainUpdate = [
    set('f', i32.const(0)),
    flow.while(i32.ltS(get('f'), get('end4')), ...vectorStep(0), ...vectorStep(16), set('f', i32.add(get('f'), i32.const(32)))),
    flow.while(i32.ltS(get('f'), get('end')), ...scalarStep(), set('f', i32.add(get('f'), i32.const(8)))),
  ];
  const fusedUpdate = [
    set('jo', row('qi', get('j'))),
    set('acc01', f64x2.zero()),
    set('acc23', f64x2.zero()),
    set('f', i32.const(0)),
    flow.while(
      i32.ltS(get('f'), get('end4')),
      ...vectorStep(0),
      set('acc01', f64x2.add(get('acc01'), f64x2.mul(f64x2.load(at('jo')), get('newP')))),
      ...vectorStep(16),
      set('acc23', f64x2.add(get('acc23'), f64x2.mul(f64x2.load(at('jo'), 16), get('newP')))),
      set('f', i32.add(get('f'), i32.const(32))),
    ),
    set('s0', f64x2.lane(get('acc01'), 0)),
    flow.while(
      i32.ltS(get('f'), get('end')),
      ...scalarStep(),
      set('s0', f64.add(get('s0'), f64.mul(f64.load(at('jo')), get('p')))),
      set('f', i32.add(get('f'), i32.const(8))),
    ),
    set('est', sumLanes(get('s0'), get('acc01'), get('acc23'))),
  ];
  const body = [
    set('rowBytes', i32.mul(get('k'), i32.const(8))),
    set('end', get('rowBytes')),
    set('end4', i32.and(get('end'), i32.const(-32))),
    set('uo', row('pu', get('u'))),
    set('buAt', i32.add(get('bu'), i32.mul(get('u'), i32.const(8)))),
    set('lrPuV', f64x2.splat(get('lrPu'))),
    set('lrQiV', f64x2.splat(get('lrQi'))),
    set('regPuV', f64x2.splat(get('regPu'))),
    set('regQiV', f64x2.splat(get('regQi'))),
    flow.if(i32.ltS(i32.const(0), get('n')), [set('est', flow.call(DOT, row('qi', item(i32.const(0))), get('uo'), get('k')))]),
    flow.while(
      i32.ltS(get('at'), get('n')),
      set('i', item(get('at'))),
      set('io', row('qi', get('i'))),
      set('biAt', i32.add(get('bi'), i32.mul(get('i'), i32.const(8)))),
      set(
        'err',
        f64.sub(
          f64.loadF32(i32.add(get('ratings'), i32.mul(get('at'), i32.const(4)))),
          f64.add(f64.add(f64.add(get('mu'), f64.load(get('buAt'))), f64.load(get('biAt'))), get('est')),
        ),
      ),
      set('errV', f64x2.splat(get('err'))),
      flow.if(get('biased'), [biasStep('buAt', 'lrBu', 'regBu'), biasStep('biAt', 'lrBi', 'regBi')]),
      set('at', i32.add(get('at'), i32.const(1))),
      set('j', i32.const(-1)),
      flow.if(i32.ltS(get('at'), get('n')), [set('j', item(get('at')))]),
      flow.if(
        i32.eq(get('j'), get('i')),
        plainUpdate,
        [
          flow.if(
            i32.ltS(get('j'), i32.const(0)),
            plainUpdate,
            fusedUpdate,
          ),
        ],
      ),
      flow.if(i32.eq(get('j'), get('i')), [set('est', flow.call(DOT, row('qi', get('j')), get('uo'), get('k')))]),
    ),
  ];
  return { builder: fn, body };
}

function bind(fn: FunctionBuilder) {
  return { get: (name: string) => fn.get(name), set: (name: string, value: Code) => fn.set(name, value) };
}

export interface FactorKernels {
  scoreRows(q: number, v: number, out: number, n: number, k: number, bi: number, base: number, biased: number): void;
  scoreRowsF32(
    q: number, v: number, out: number, n: number, k: number, bi: number, base: number, biased: number,
    norms: number, errors: number, perNorm: number, perScore: number, floor: number,
  ): void;
  sgdUser(
    u: number, n: number, k: number, pu: number, qi: number, bu: number, bi: number, items: number, ratings: number,
    mu: number, biased: number, lrBu: number, lrBi: number, lrPu: number, lrQi: number,
    regBu: number, regBi: number, regPu: number, regQi: number,
  ): void;
}

/** The parts of the global WebAssembly object used here: Node's type definitions do not declare it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  validate(bytes: Uint8Array): boolean;
}

export function webAssembly(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** The kernels' module, assembled and compiled once; `undefined` where WebAssembly SIMD is unavailable. */
let compiled: object | undefined | null = null;

/** The kernels working on `memory`, or `undefined` where this runtime cannot run them. */
export function instantiateFactorKernels(memory: WasmMemory): FactorKernels | undefined {
  const wasm = webAssembly();
  if (!wasm) return undefined;
  if (compiled === null) {
    const bytes = encodeModule([
      dotFunction(),
      { exportName: 'scoreRows', ...scoreRowsFunction('f64') },
      { exportName: 'scoreRowsF32', ...scoreRowsFunction('f32') },
      { exportName: 'sgdUser', ...sgdUserFunction() },
    ]);
    compiled = wasm.validate(bytes) ? new wasm.Module(bytes) : undefined;
  }
  if (!compiled) return undefined;
  return new wasm.Instance(compiled, { env: { memory } }).exports as FactorKernels;
}
