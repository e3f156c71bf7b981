/**
 * A sparse square matrix over users (or items) that holds only the pairs worth keeping, in compressed
 * sparse rows with columns ascending. Both triangles are stored: row a lists every b paired with a, so
 * a prediction reads one row (see `PairReader`) instead of searching a column. It holds KNN
 * similarities (symmetric) and SlopeOne deviations (antisymmetric).
 *
 * Why not a dense n × n matrix as Surprise keeps: item-based on ml-latest-small is 9,724² cells —
 * 756 MB in float64 — while the pairs worth storing are far fewer: 13.2 M co-rated item pairs (28 %
 * of them; 158 MB here) and 2.4 M positive pearson_baseline similarities (28 MB). Values are float32
 * (7 digits are plenty for a weight) and columns uint16 whenever n ≤ 65,536: 6 bytes an entry, 12 a
 * pair.
 */
import { learnedArray, type TypedArray } from './algo-base.ts';

export type PairIndex = Uint16Array | Int32Array;

export class PairMatrix {
  constructor(
    /** Number of rows (users or items). */
    readonly size: number,
    readonly offsets: Int32Array,
    readonly index: PairIndex,
    readonly values: Float32Array,
  ) {}

  /** An index array of the narrowest type that holds columns 0 .. size-1. */
  static indexArray(size: number, length: number): PairIndex {
    return size <= 0x10000 ? new Uint16Array(length) : new Int32Array(length);
  }

  /** Position of (a, b) in `values`, or -1 when the pair is not stored: a binary search in row a. */
  find(a: number, b: number): number {
    const index = this.index;
    let left = this.offsets[a];
    let right = this.offsets[a + 1] - 1;
    while (left <= right) {
      const mid = (left + right) >>> 1;
      const column = index[mid];
      if (column < b) left = mid + 1;
      else if (column > b) right = mid - 1;
      else return mid;
    }
    return -1;
  }

  rowLength(a: number): number {
    return this.offsets[a + 1] - this.offsets[a];
  }


  /** The arrays a model file saves, under `prefix`Offsets / Index / Values. */
  toArrays(prefix: string): Record<string, TypedArray> {
    return {
      [`${prefix}Offsets`]: this.offsets,
      [`${prefix}Index`]: this.index,
      [`${prefix}Values`]: this.values,
    };
  }

  /** Rebuilds a matrix saved by `toArrays`, checking that the arrays fit together and `size`. */
  static fromArrays(arrays: Record<string, TypedArray>, prefix: string, size: number): PairMatrix {
    const offsets = learnedArray(arrays, Int32Array, `${prefix}Offsets`, size + 1);
    const stored = offsets[size];
    const index = arrays[`${prefix}Index`];
    if (!(index instanceof Uint16Array || index instanceof Int32Array) || index.length !== stored) {
      throw new Error(`learned array "${prefix}Index" is missing, not uint16/int32, or not ${stored} long`);
    }
    const values = learnedArray(arrays, Float32Array, `${prefix}Values`, stored);
    return new PairMatrix(size, offsets, index, values);
  }
}

/**
 * Up to this size a dense table of the whole matrix (float32) is built beside the sparse one, so that
 * reading a cell is one load. 32 MB allows 2,896 rows: ml-100k user- and item-based, ml-latest-small
 * user-based.
 */
const DENSE_TABLE_BYTES = 32 * 2 ** 20;

/**
 * Reads a `PairMatrix` as predictions need it: the value of (x, c) is the stored value, `diagonal`
 * when c = x, `absent` when the pair is not stored. Built once per fitted matrix; its scratch arrays
 * make it stateful between the calls of one method, never across them.
 */
export class PairReader {
  /** The dense table of all cells (when small enough), or one scratch row filled with `absent`. */
  readonly cells: Float32Array;
  /** Whether `cells` is the whole table (then `open` and `close` cost nothing). */
  readonly isTable: boolean;
  /** For each column, its position in the list `gather` was given, or -1. */
  private readonly mark: Int32Array;
  private gathered = new Float32Array(0);

  constructor(
    readonly matrix: PairMatrix,
    private readonly diagonal: number,
    private readonly absent: number,
  ) {
    const n = matrix.size;
    this.isTable = n * n * 4 <= DENSE_TABLE_BYTES;
    this.cells = new Float32Array(this.isTable ? n * n : n).fill(absent);
    if (this.isTable) {
      for (let x = 0; x < n; x++) this.spread(x, x * n);
    }
    this.mark = new Int32Array(this.isTable ? 0 : n).fill(-1);
  }

  /** Makes row x readable at `cells[base + c]` until `close(x)`; returns base. */
  open(x: number): number {
    if (this.isTable) return x * this.matrix.size;
    this.spread(x, 0);
    return 0;
  }

  close(x: number): void {
    if (this.isTable) return;
    const { offsets, index } = this.matrix;
    for (let p = offsets[x]; p < offsets[x + 1]; p++) this.cells[index[p]] = this.absent;
    this.cells[x] = this.absent;
  }

  /**
   * The values of (x, columns[start + t]) for t < end − start, in a scratch array that the next call
   * overwrites. Read the cheapest way for
   * C = end − start columns and a row of L stored values: table look-ups; a binary search per column
   * when C is tiny beside L; spreading the row (2L + C) when it is shorter than the list; else marking
   * the columns and walking the row once (L + 2C).
   */
  gather(x: number, columns: Int32Array, start: number, end: number): Float32Array {
    const count = end - start;
    if (this.gathered.length < count) this.gathered = new Float32Array(count);
    const out = this.gathered;
    const { offsets, index, values } = this.matrix;
    const length = offsets[x + 1] - offsets[x];
    if (this.isTable) {
      const base = x * this.matrix.size;
      for (let t = 0; t < count; t++) out[t] = this.cells[base + columns[start + t]];
    } else if (count * 16 < length) {
      for (let t = 0; t < count; t++) {
        const c = columns[start + t];
        const at = c === x ? -1 : this.matrix.find(x, c);
        out[t] = at >= 0 ? values[at] : c === x ? this.diagonal : this.absent;
      }
    } else if (length < count || !this.markColumns(columns, start, end)) {
      this.spread(x, 0);
      for (let t = 0; t < count; t++) out[t] = this.cells[columns[start + t]];
      this.close(x);
    } else {
      const mark = this.mark;
      out.fill(this.absent, 0, count);
      for (let p = offsets[x]; p < offsets[x + 1]; p++) {
        const t = mark[index[p]];
        if (t >= 0) out[t] = values[p];
      }
      if (mark[x] >= 0) out[mark[x]] = this.diagonal;
      for (let t = 0; t < count; t++) mark[columns[start + t]] = -1;
    }
    return out;
  }

  /** Marks each column with its position; false (and nothing marked) if a column repeats. */
  private markColumns(columns: Int32Array, start: number, end: number): boolean {
    const mark = this.mark;
    for (let p = start; p < end; p++) {
      if (mark[columns[p]] >= 0) {
        for (let q = start; q < p; q++) mark[columns[q]] = -1;
        return false;
      }
      mark[columns[p]] = p - start;
    }
    return true;
  }

  private spread(x: number, base: number): void {
    const { offsets, index, values } = this.matrix;
    for (let p = offsets[x]; p < offsets[x + 1]; p++) this.cells[base + index[p]] = values[p];
    this.cells[base + x] = this.diagonal;
  }
}
