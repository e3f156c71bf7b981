/**
 * Scores every item of a factor model for one user vector on the `scoreRows` kernel. It keeps its own
 * copy of q_i and b_i in WebAssembly memory, because the kernel can only read its memory; a call then
 * reads q_i once, two doubles at a time. The model may read q_i from `factors` thereafter, so that
 * the copy does not double the memory the factors take.
 */
import { KernelArena } from './kernel-arena.ts';

export class ItemScorer {
  private constructor(
    private readonly arena: NonNullable<ReturnType<typeof ItemScorer.arenaFor>>,
    private readonly k: number,
    private readonly nItems: number,
  ) {}

  /** A scorer of `qi` (row-major, nItems × k) and `bi`; `undefined` without WebAssembly SIMD. */
  static create(qi: Float64Array, bi: Float64Array, k: number): ItemScorer | undefined {
    const nItems = k === 0 ? 0 : qi.length / k;
    const arena = ItemScorer.arenaFor(nItems, k);
    if (!arena) return undefined;
    arena.arrays.qi.set(qi);
    // An unbiased model may have no item biases; the kernel does not read them then.
    if (bi.length === nItems) arena.arrays.bi.set(bi);
    return new ItemScorer(arena, k, nItems);
  }

  private static arenaFor(nItems: number, k: number) {
    return KernelArena.create({
      qi: [Float64Array, nItems * k],
      bi: [Float64Array, nItems],
      v: [Float64Array, k],
      out: [Float64Array, nItems],
    });
  }

  /** The scorer's q_i: the same numbers as the array it was built from. */
  get factors(): Float64Array {
    return this.arena.arrays.qi;
  }

  /** out[i] = base + b_i + q_i·v (biased) or q_i·v, with v = vector[offset .. offset + k). */
  score(vector: Float64Array, offset: number, base: number, biased: boolean, out: Float64Array): void {
    const { arena, k, nItems } = this;
    arena.arrays.v.set(vector.subarray(offset, offset + k));
    arena.kernels.scoreRows(
      arena.address('qi'),
      arena.address('v'),
      arena.address('out'),
      nItems,
      k,
      arena.address('bi'),
      base,
      biased ? 1 : 0,
    );
    out.set(arena.arrays.out);
  }
}
