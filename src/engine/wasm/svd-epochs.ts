/**
 * SVD's SGD epochs on the `sgdUser` kernel: the factors and biases live in WebAssembly memory for the
 * whole fit, and each user's ratings are copied beside them before that user's steps (a few bytes per
 * rating, so the trainset is never duplicated whole). The result is the same, bit for bit, as
 * `sgdEpoch` in matrix-factorization.ts, which runs where WebAssembly SIMD is unavailable.
 */
import type { Csr } from '../trainset.ts';
import { KernelArena } from './kernel-arena.ts';

export interface SgdArrays {
  bu: Float64Array;
  bi: Float64Array;
  pu: Float64Array;
  qi: Float64Array;
}

/**
 * Runs `nEpochs` epochs, updating `arrays` in place. `rates` = [lr_bu, lr_bi, lr_pu, lr_qi, reg_bu,
 * reg_bi, reg_pu, reg_qi]. Returns false, having changed nothing, when the kernel cannot run here.
 */
export function svdEpochsInKernel(
  ur: Csr,
  k: number,
  mu: number,
  biased: boolean,
  rates: Float64Array,
  nEpochs: number,
  arrays: SgdArrays,
): boolean {
  const { offsets, index, ratings } = ur;
  const nUsers = offsets.length - 1;
  let most = 0;
  for (let u = 0; u < nUsers; u++) most = Math.max(most, offsets[u + 1] - offsets[u]);
  const arena = KernelArena.create({
    pu: [Float64Array, arrays.pu.length],
    qi: [Float64Array, arrays.qi.length],
    bu: [Float64Array, arrays.bu.length],
    bi: [Float64Array, arrays.bi.length],
    items: [Int32Array, most],
    ratings: [Float32Array, most],
  });
  if (!arena) return false;
  const a = arena.arrays;
  a.pu.set(arrays.pu);
  a.qi.set(arrays.qi);
  a.bu.set(arrays.bu);
  a.bi.set(arrays.bi);
  const at = { pu: arena.address('pu'), qi: arena.address('qi'), bu: arena.address('bu'), bi: arena.address('bi') };
  const items = arena.address('items');
  const userRatings = arena.address('ratings');
  const [lrBu, lrBi, lrPu, lrQi, regBu, regBi, regPu, regQi] = rates;
  const sgdUser = arena.kernels.sgdUser;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    for (let u = 0; u < nUsers; u++) {
      const start = offsets[u];
      const end = offsets[u + 1];
      if (start === end) continue;
      a.items.set(index.subarray(start, end));
      a.ratings.set(ratings.subarray(start, end));
      sgdUser(
        u, end - start, k, at.pu, at.qi, at.bu, at.bi, items, userRatings,
        mu, biased ? 1 : 0, lrBu, lrBi, lrPu, lrQi, regBu, regBi, regPu, regQi,
      );
    }
  }
  arrays.pu.set(a.pu);
  arrays.qi.set(a.qi);
  arrays.bu.set(a.bu);
  arrays.bi.set(a.bi);
  return true;
}
