import { expect, test } from 'vitest';
import { decodeOutputs, encodeOutputs } from './golden.js';

test('outputs round-trip exactly through their text form, NaN, -0 and empty ones included', () => {
  const outputs = [
    {
      shape: [2, 3],
      dtype: 'float32',
      values: Float32Array.from([Number.NaN, -0, Number.POSITIVE_INFINITY, 1e-30, 2.5, -1]),
    },
    { shape: [3], dtype: 'int32', values: Int32Array.from([-5, 0, 2147483647]) },
    { shape: [2], dtype: 'bool', values: Int32Array.from([1, 0]) },
    { shape: [0, 4], dtype: 'float32', values: new Float32Array(0) },
    { shape: [], dtype: 'float32', values: Float32Array.from([7]) },
  ];
  const decoded = decodeOutputs(encodeOutputs(outputs));
  expect(decoded.map((o) => [o.dtype, o.shape])).toEqual(outputs.map((o) => [o.dtype, o.shape]));
  decoded.forEach((o, i) => {
    expect(Array.from(o.values).map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual(
      Array.from(outputs[i]!.values).map((v) => (Object.is(v, -0) ? '-0' : String(v))),
    );
  });
});
