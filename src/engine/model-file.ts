/**
 * Model files: a fitted algorithm and its trainset in one versioned binary, loaded back so that every
 * prediction is identical. Layout (little-endian, like every platform Node runs on):
 *
 *   0   "MRQM"                     magic bytes
 *   4   u16 format version         (FORMAT_VERSION)
 *   6   u16 reserved (0)
 *   8   u32 header length H        bytes of the JSON header
 *   12  u32 reserved (0)
 *   16  u64 file length            all bytes, checksum included: tells a truncated file from a corrupt one
 *   24  JSON header (UTF-8)        algorithm, params, caller's metadata, and where each array lies
 *   …   zero padding to 8 bytes
 *   D   arrays, each 8-byte aligned, at the offsets the header lists (relative to D)
 *   end−32  SHA-256 of every byte before it
 *
 * Both CSR views of the trainset are stored: `ir` cannot be rebuilt from `ur` in its original order,
 * and some algorithms (neighbourhoods, alternating least squares) add in that order.
 */
import { createHash } from 'node:crypto';
import type { AlgoBase, Params, TypedArray } from './prediction-algorithms/algo-base.ts';
import { Trainset, type Csr, type RatingScale } from './trainset.ts';

export const FORMAT_VERSION = 1;
const MAGIC = 'MRQM';
const PREAMBLE_BYTES = 24;
const CHECKSUM_BYTES = 32;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What the caller records beside the model. */
export interface ModelMeta {
  engineVersion: string;
  /** Identifies the data the model was fitted on (a hash, a snapshot id, ...). */
  dataFingerprint?: JsonValue;
  metrics?: Record<string, number>;
  /** Epoch milliseconds; defaults to the time of writing. */
  createdAt?: number;
}

/** What a model file says about itself. */
export interface ModelFileMeta extends Required<ModelMeta> {
  formatVersion: number;
  algorithm: string;
  params: Params;
}

export type ModelFileErrorCode =
  | 'bad-magic'
  | 'unsupported-version'
  | 'truncated'
  | 'checksum-mismatch'
  | 'malformed'
  | 'unknown-algorithm';

export class ModelFileError extends Error {
  override name = 'ModelFileError';

  constructor(
    readonly code: ModelFileErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DTYPES = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
} as const;
type Dtype = keyof typeof DTYPES;

interface ArrayEntry {
  name: string;
  dtype: Dtype;
  offset: number;
  length: number;
}

interface Header extends ModelFileMeta {
  trainset: { ratingScale: RatingScale };
  arrays: ArrayEntry[];
}

/** Serializes a fitted algorithm, its trainset and `meta`. */
export function writeModel(algo: AlgoBase, meta: ModelMeta): Buffer {
  const trainset = algo.getTrainset();
  if (!trainset) throw new Error(`${algo.name} is not fitted: there is no model to write`);
  const named: [string, TypedArray][] = [
    ['trainset/rawUserIds', trainset.rawUserIds],
    ['trainset/rawItemIds', trainset.rawItemIds],
    ...csrArrays('trainset/ur', trainset.ur),
    ...csrArrays('trainset/ir', trainset.ir),
    ...Object.entries(algo.learnedArrays()).map(([name, a]): [string, TypedArray] => [`algo/${name}`, a]),
  ];
  const arrays: ArrayEntry[] = [];
  let dataBytes = 0;
  for (const [name, array] of named) {
    arrays.push({ name, dtype: dtypeOf(name, array), offset: dataBytes, length: array.length });
    dataBytes = align8(dataBytes + array.byteLength);
  }
  const header: Header = {
    formatVersion: FORMAT_VERSION,
    algorithm: algo.name,
    params: algo.params,
    engineVersion: meta.engineVersion,
    dataFingerprint: meta.dataFingerprint ?? null,
    metrics: meta.metrics ?? {},
    createdAt: meta.createdAt ?? Date.now(),
    trainset: { ratingScale: trainset.ratingScale },
    arrays,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const dataStart = align8(PREAMBLE_BYTES + json.length);
  const total = dataStart + dataBytes + CHECKSUM_BYTES;
  const out = Buffer.alloc(total);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt16LE(FORMAT_VERSION, 4);
  out.writeUInt32LE(json.length, 8);
  out.writeBigUInt64LE(BigInt(total), 16);
  json.copy(out, PREAMBLE_BYTES);
  named.forEach(([, array], k) => {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + arrays[k].offset);
  });
  sha256(out.subarray(0, total - CHECKSUM_BYTES)).copy(out, total - CHECKSUM_BYTES);
  return out;
}

/**
 * Loads a model file. `construct` builds an unfitted algorithm from its name and params (the
 * registry's lookup); the learned arrays are then put back into it. Throws `ModelFileError` for a
 * file that is not a model, is of another format version, is truncated or corrupt.
 */
export function readModel(
  buf: Uint8Array,
  construct: (name: string, params: Params) => AlgoBase,
): { algo: AlgoBase; meta: ModelFileMeta } {
  const { header, dataStart } = readHeader(buf);
  const dataEnd = buf.length - CHECKSUM_BYTES;
  // One copy into a fresh buffer: the arrays are aligned and the model does not pin the caller's bytes.
  const data = new Uint8Array(dataEnd - dataStart);
  data.set(buf.subarray(dataStart, dataEnd));
  const arrays = new Map<string, TypedArray>();
  for (const entry of header.arrays) arrays.set(entry.name, view(data, entry));

  let trainset: Trainset;
  try {
    const take = (name: string) => {
      const array = arrays.get(`trainset/${name}`);
      if (!array) throw new Error(`missing array trainset/${name}`);
      return array;
    };
    const ur = csr(take('ur.offsets'), take('ur.index'), take('ur.ratings'));
    const ir = csr(take('ir.offsets'), take('ir.index'), take('ir.ratings'));
    const rawUsers = ofType(take('rawUserIds'), Int32Array);
    const rawItems = ofType(take('rawItemIds'), Int32Array);
    checkCsr(ur, rawUsers.length, rawItems.length);
    checkCsr(ir, rawItems.length, rawUsers.length);
    trainset = new Trainset(rawUsers, rawItems, ur, ir, header.trainset.ratingScale);
  } catch (error) {
    throw new ModelFileError('malformed', `model file trainset is malformed: ${message(error)}`, { cause: error });
  }

  let algo: AlgoBase;
  try {
    algo = construct(header.algorithm, header.params);
  } catch (error) {
    throw new ModelFileError(
      'unknown-algorithm',
      `model file algorithm ${header.algorithm} cannot be built: ${message(error)}`,
      { cause: error },
    );
  }
  if (algo.name !== header.algorithm) {
    throw new ModelFileError('unknown-algorithm', `asked for ${header.algorithm}, the registry built ${algo.name}`);
  }
  const learned: Record<string, TypedArray> = {};
  for (const [name, array] of arrays) if (name.startsWith('algo/')) learned[name.slice(5)] = array;
  try {
    algo.restore(trainset, learned);
  } catch (error) {
    throw new ModelFileError(
      'malformed',
      `model file arrays do not fit ${header.algorithm}: ${message(error)}`,
      { cause: error },
    );
  }
  const { trainset: _trainset, arrays: _arrays, ...meta } = header;
  return { algo, meta };
}

/** Checks the preamble, the length and the checksum, then parses the JSON header. */
function readHeader(buf: Uint8Array): { header: Header; dataStart: number } {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (bytes.length >= MAGIC.length && bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new ModelFileError('bad-magic', 'not a Marquee model file: it does not start with "MRQM"');
  }
  if (bytes.length < PREAMBLE_BYTES + CHECKSUM_BYTES) {
    throw new ModelFileError('truncated', `model file is truncated: ${bytes.length} bytes, too short for a model`);
  }
  const version = bytes.readUInt16LE(4);
  if (version !== FORMAT_VERSION) {
    throw new ModelFileError(
      'unsupported-version',
      `model file format version ${version} is not supported: this engine reads version ${FORMAT_VERSION}`,
    );
  }
  const total = Number(bytes.readBigUInt64LE(16));
  if (bytes.length < total) {
    throw new ModelFileError('truncated', `model file is truncated: ${bytes.length} of ${total} bytes`);
  }
  if (bytes.length > total) {
    throw new ModelFileError('malformed', `model file has ${bytes.length - total} bytes after its end`);
  }
  const expected = bytes.subarray(total - CHECKSUM_BYTES);
  if (!sha256(bytes.subarray(0, total - CHECKSUM_BYTES)).equals(expected)) {
    throw new ModelFileError('checksum-mismatch', 'model file is corrupt: its SHA-256 checksum does not match');
  }
  const headerLength = bytes.readUInt32LE(8);
  const dataStart = align8(PREAMBLE_BYTES + headerLength);
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength)) as Header;
  } catch (error) {
    throw new ModelFileError('malformed', `model file header is not JSON: ${message(error)}`, { cause: error });
  }
  checkArrays(header, total - CHECKSUM_BYTES - dataStart);
  return { header, dataStart };
}

/** Every array must have a known dtype and lie, aligned, inside the data section. */
function checkArrays(header: Header, dataBytes: number): void {
  if (!Array.isArray(header.arrays) || typeof header.algorithm !== 'string') {
    throw new ModelFileError('malformed', 'model file header lacks the algorithm or the array list');
  }
  for (const entry of header.arrays) {
    const type = Object.hasOwn(DTYPES, entry.dtype) ? DTYPES[entry.dtype] : undefined;
    const end = entry.offset + entry.length * (type?.BYTES_PER_ELEMENT ?? 0);
    if (!type || !Number.isInteger(entry.offset) || entry.offset % 8 !== 0 || entry.length < 0 || end > dataBytes) {
      throw new ModelFileError('malformed', `model file array ${entry.name} (${entry.dtype}) lies outside the file`);
    }
  }
}

function view(data: Uint8Array<ArrayBuffer>, entry: ArrayEntry): TypedArray {
  return new DTYPES[entry.dtype](data.buffer, data.byteOffset + entry.offset, entry.length);
}

function csrArrays(prefix: string, csr: Csr): [string, TypedArray][] {
  return [
    [`${prefix}.offsets`, csr.offsets],
    [`${prefix}.index`, csr.index],
    [`${prefix}.ratings`, csr.ratings],
  ];
}

function csr(offsets: TypedArray, index: TypedArray, ratings: TypedArray): Csr {
  return {
    offsets: ofType(offsets, Int32Array),
    index: ofType(index, Int32Array),
    ratings: ofType(ratings, Float32Array),
  };
}

/** Offsets must run from 0 to the entry count without going back, and indices stay in range. */
function checkCsr(csr: Csr, nRows: number, nCols: number): void {
  const { offsets, index, ratings } = csr;
  if (offsets.length !== nRows + 1 || offsets[0] !== 0 || offsets[nRows] !== index.length) {
    throw new Error('CSR offsets do not match the entries');
  }
  if (ratings.length !== index.length) throw new Error('CSR index and ratings differ in length');
  for (let r = 0; r < nRows; r++) if (offsets[r + 1] < offsets[r]) throw new Error('CSR offsets decrease');
  for (let k = 0; k < index.length; k++) {
    if (index[k] < 0 || index[k] >= nCols) throw new Error(`CSR index ${index[k]} is out of range`);
  }
}

function ofType<T extends TypedArray>(array: TypedArray, type: new (length: number) => T): T {
  if (!(array instanceof type)) throw new Error(`expected ${type.name}, found ${array.constructor.name}`);
  return array;
}

function dtypeOf(name: string, array: TypedArray): Dtype {
  for (const [dtype, type] of Object.entries(DTYPES)) if (array instanceof type) return dtype as Dtype;
  throw new Error(`learned array ${name} has an unsupported type`);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
