import { LoadError } from '@strata/core';
import { gunzip, isGzip } from '../io/gunzip.js';

/** Element types an IDX file can hold. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Typed array matching each IDX element type. */
export type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** The contents of an IDX file: its element type, its dimensions and its values in row-major order. */
export interface IdxArray {
  dtype: IdxDType;
  shape: number[];
  values: IdxValues;
}

export interface ReadIdxOptions {
  /** Names the file in error messages. Default: `'IDX data'`. */
  name?: string;
}

/** Type code (third byte of the magic number) → element type and size. From the IDX specification on
 * yann.lecun.com/exdb/mnist. */
export const idxTypes: Record<number, { dtype: IdxDType; bytes: number }> = {
  8: { dtype: 'uint8', bytes: 1 },
  9: { dtype: 'int8', bytes: 1 },
  11: { dtype: 'int16', bytes: 2 },
  12: { dtype: 'int32', bytes: 4 },
  13: { dtype: 'float32', bytes: 4 },
  14: { dtype: 'float64', bytes: 8 },
};

const validCodes = Object.entries(idxTypes)
  .map(([code, t]) => `0x${Number(code).toString(16).padStart(2, '0')} ${t.dtype}`)
  .join(', ');

/**
 * Parses an IDX file (MNIST, Fashion-MNIST, KMNIST, EMNIST), gzip-compressed or not.
 *
 * Validates the magic number, the type code, the dimensions and the length, and throws a `LoadError` naming the
 * file and the problem (`bad magic number`, `truncated: expected N bytes, got M`). Values are big-endian in the
 * file and native in the result; uint8 data is returned as a view of the (decompressed) bytes, without a copy.
 *
 * @example
 * const { shape, values } = await readIdx(await fs.readFile('train-labels-idx1-ubyte.gz'), { name: 'labels' });
 * shape; // [60000]
 */
export async function readIdx(
  bytes: Uint8Array | ArrayBuffer,
  options: ReadIdxOptions = {},
): Promise<IdxArray> {
  const name = options.name ?? 'IDX data';
  let data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (isGzip(data)) data = await gunzip(data, name);
  return parseIdx(data, name);
}

/** Parses uncompressed IDX bytes; see `readIdx`. */
export function parseIdx(bytes: Uint8Array, name = 'IDX data'): IdxArray {
  const where = `IDX file '${name}'`;
  if (bytes.length < 4) {
    throw new LoadError(
      `${where} is truncated: expected at least 4 bytes (the magic number), got ${bytes.length}. ` +
        'Download the file again.',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new LoadError(
      `${where} has a bad magic number 0x${magic.toString(16).padStart(8, '0')}${describeOtherFormat(bytes)}: ` +
        'an IDX file starts with two zero bytes, a type code and the number of dimensions (MNIST images: ' +
        '0x00000803). Check that the file is an IDX file, e.g. train-images-idx3-ubyte, and not a page or archive.',
    );
  }
  const type = idxTypes[bytes[2]!];
  if (!type) {
    throw new LoadError(
      `${where} has a bad magic number 0x${magic.toString(16).padStart(8, '0')}: unknown type code ` +
        `0x${bytes[2]!.toString(16).padStart(2, '0')} (valid: ${validCodes}). The file is corrupt or not IDX.`,
    );
  }
  const rank = bytes[3]!;
  if (rank === 0) {
    throw new LoadError(`${where} declares 0 dimensions; an IDX file has at least one. The file is corrupt.`);
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new LoadError(
      `${where} is truncated: expected at least ${headerBytes} bytes (a header with ${rank} dimensions), got ` +
        `${bytes.length}. Download the file again.`,
    );
  }
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  // Typed arrays are limited to 2^32 elements and tensors far below; past that the header is garbage.
  if (!Number.isSafeInteger(count * type.bytes) || count > 2 ** 31 - 1) {
    throw new LoadError(
      `${where} declares dimensions [${shape.join(', ')}] (${count} values), which is too large to be real. ` +
        'The header is corrupt.',
    );
  }
  const expected = headerBytes + count * type.bytes;
  if (bytes.length < expected) {
    throw new LoadError(
      `${where} is truncated: expected ${expected} bytes (a ${headerBytes}-byte header and ` +
        `${shape.join('×')} ${type.dtype} values), got ${bytes.length}. Download the file again.`,
    );
  }
  if (bytes.length > expected) {
    throw new LoadError(
      `${where} is longer than its header says: expected ${expected} bytes (${shape.join('×')} ${type.dtype} ` +
        `values), got ${bytes.length}. The file is corrupt or has another file appended.`,
    );
  }
  return { dtype: type.dtype, shape, values: decodeValues(view, headerBytes, count, type.dtype) };
}

function decodeValues(view: DataView, offset: number, count: number, dtype: IdxDType): IdxValues {
  const start = view.byteOffset + offset;
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer, start, count);
    case 'int8':
      return new Int8Array(view.buffer, start, count);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i);
      return out;
    }
  }
}

/** Names common wrong files, so the message says what the file probably is. */
function describeOtherFormat(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 16))
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<'))
    return ' (the file looks like HTML or XML, e.g. an error page saved in its place)';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return ' (the file looks like a zip archive: extract it first)';
  if (head.startsWith('version https://git-lfs'))
    return ' (the file is a Git LFS pointer: run `git lfs pull`)';
  return '';
}
