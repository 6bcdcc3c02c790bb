import * as tf from '@strata/core';
import { type ConformanceCase, derived, f32, fixed, type InputValues, kernelCase, opCases } from '../case.js';

// Max and average pooling (1D pooling reshapes to these) and their gradient kernels; global pooling is a
// reduction (see reductions.ts).
const family = 'pooling';
type Pad = 'valid' | 'same';
const maxPool = (size: number, strides: number, pad: Pad) => (x: tf.Tensor) =>
  tf.maxPool(x as tf.Tensor4D, size, strides, pad);
const avgPool = (size: number, strides: number, pad: Pad) => (x: tf.Tensor) =>
  tf.avgPool(x as tf.Tensor4D, size, strides, pad);

// MaxPoolGrad reads the forward output as an input: compute it here (2x2, stride 2, valid, NHWC) so the
// case dispatches MaxPoolGrad alone.
function maxPool2x2(shape: readonly number[]) {
  return (earlier: readonly InputValues[]) => {
    const [n, h, w, c] = shape as [number, number, number, number];
    const x = earlier[1]!;
    const out: number[] = [];
    for (let b = 0; b < n; b++)
      for (let i = 0; i < h / 2; i++)
        for (let j = 0; j < w / 2; j++)
          for (let k = 0; k < c; k++) {
            let m = Number.NEGATIVE_INFINITY;
            for (let di = 0; di < 2; di++)
              for (let dj = 0; dj < 2; dj++)
                m = Math.max(m, x[((b * h + 2 * i + di) * w + 2 * j + dj) * c + k]!);
            out.push(m);
          }
    return out;
  };
}

export const poolingCases: ConformanceCase[] = [
  ...opCases(family, 'MaxPool', '2x2 stride 2 valid', [f32([2, 6, 6, 3])], maxPool(2, 2, 'valid'), {
    grad: true,
  }),
  ...opCases(family, 'MaxPool', '3x3 stride 2 same', [f32([1, 5, 5, 2])], maxPool(3, 2, 'same'), {
    grad: true,
  }),
  ...opCases(family, 'MaxPool', '2x2 stride 1 same, one channel', [f32([1, 4, 4, 1])], maxPool(2, 1, 'same')),
  ...opCases(
    family,
    'MaxPool',
    'Infinity and large values',
    [fixed([Number.NEGATIVE_INFINITY, 1e30, -1e30, 2, Number.POSITIVE_INFINITY, 0, -0, -5], [1, 2, 4, 1])],
    maxPool(2, 2, 'valid'),
  ),
  ...opCases(family, 'MaxPool', 'maxPooling1d', [f32([2, 8, 3])], (x) =>
    tf.squeeze(tf.maxPool(tf.expandDims(x, 2) as tf.Tensor4D, [2, 1], [2, 1], 'valid'), [2]),
  ),
  kernelCase(
    family,
    'MaxPoolGrad',
    '2x2 stride 2 valid',
    {
      dy: f32([2, 2, 2, 3]),
      input: f32([2, 4, 4, 3]),
      output: derived([2, 2, 2, 3], maxPool2x2([2, 4, 4, 3])),
    },
    { filterSize: 2, strides: 2, pad: 'valid' },
  ),

  ...opCases(family, 'AvgPool', '2x2 stride 2 valid', [f32([2, 6, 6, 3])], avgPool(2, 2, 'valid'), {
    grad: true,
  }),
  ...opCases(family, 'AvgPool', '3x3 stride 2 same', [f32([1, 5, 5, 2])], avgPool(3, 2, 'same'), {
    grad: true,
  }),
  ...opCases(family, 'AvgPool', 'averagePooling1d', [f32([2, 8, 3])], (x) =>
    tf.squeeze(tf.avgPool(tf.expandDims(x, 2) as tf.Tensor4D, [2, 1], [2, 1], 'valid'), [2]),
  ),
  // tf.avgPool casts its result, so this one dispatches AvgPool alone.
  kernelCase(
    family,
    'AvgPool',
    'kernel alone',
    { x: f32([1, 4, 4, 2]) },
    { filterSize: 2, strides: 2, pad: 'valid' },
  ),
  kernelCase(
    family,
    'AvgPoolGrad',
    '2x2 stride 2 valid',
    { dy: f32([2, 2, 2, 3]), input: f32([2, 4, 4, 3]) },
    { filterSize: 2, strides: 2, pad: 'valid' },
  ),
  kernelCase(
    family,
    'AvgPoolGrad',
    '3x3 stride 2 same',
    { dy: f32([1, 3, 3, 2]), input: f32([1, 5, 5, 2]) },
    { filterSize: 3, strides: 2, pad: 'same' },
  ),
];
