import { InvalidArgumentError } from '@strata/core';
import { type IdxDType, idxTypes } from './read-idx.js';

/**
 * Writes values as an (uncompressed) IDX file: the inverse of `readIdx`. Useful to save your own data in the
 * MNIST format or to build small test files.
 *
 * @example
 * const bytes = encodeIdx({ dtype: 'uint8', shape: [2, 2, 2], values: [0, 64, 128, 255, 1, 2, 3, 4] });
 */
export function encodeIdx(array: {
  dtype: IdxDType;
  shape: readonly number[];
  values: ArrayLike<number>;
}): Uint8Array {
  const entry = Object.entries(idxTypes).find(([, t]) => t.dtype === array.dtype);
  if (!entry) {
    throw new InvalidArgumentError(
      `encodeIdx: unknown dtype '${array.dtype}'. Use one of ${Object.values(idxTypes)
        .map((t) => `'${t.dtype}'`)
        .join(', ')}.`,
    );
  }
  const [code, type] = entry;
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (array.shape.length === 0 || array.shape.length > 255 || count !== array.values.length) {
    throw new InvalidArgumentError(
      `encodeIdx: shape [${array.shape.join(', ')}] holds ${count} values but ${array.values.length} were given` +
        ' (and IDX needs 1 to 255 dimensions). Pass a shape whose product is the number of values.',
    );
  }
  const header = 4 + 4 * array.shape.length;
  const bytes = new Uint8Array(header + count * type.bytes);
  const view = new DataView(bytes.buffer);
  view.setUint8(2, Number(code));
  view.setUint8(3, array.shape.length);
  array.shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d);
  });
  const setters: Record<IdxDType, (offset: number, v: number) => void> = {
    uint8: (o, v) => view.setUint8(o, v),
    int8: (o, v) => view.setInt8(o, v),
    int16: (o, v) => view.setInt16(o, v),
    int32: (o, v) => view.setInt32(o, v),
    float32: (o, v) => view.setFloat32(o, v),
    float64: (o, v) => view.setFloat64(o, v),
  };
  const set = setters[array.dtype];
  for (let i = 0; i < count; i++) set(header + i * type.bytes, array.values[i]!);
  return bytes;
}
