import * as tf from '@strata/core';
import { type ConformanceCase, f32, i32, opCases } from '../case.js';

// Reshaping layers and internals: concatenate, reshape/flatten, permute, slice/crop, padding, repeat, stack
// and unstack over time steps, split of gates, reverse for go_backwards.
const family = 'shape';

export const shapeCases: ConformanceCase[] = [
  ...opCases(
    family,
    'Concat',
    'axis -1, three inputs',
    [f32([2, 3]), f32([2, 1]), f32([2, 4])],
    (a, b, c) => tf.concat([a, b, c], -1),
    { grad: true },
  ),
  ...opCases(family, 'Concat', 'axis 0', [f32([2, 3]), f32([1, 3])], (a, b) => tf.concat([a, b], 0), {
    grad: true,
  }),
  ...opCases(
    family,
    'Concat',
    'axis 1 of rank 4',
    [f32([1, 2, 2, 3]), f32([1, 1, 2, 3])],
    (a, b) => tf.concat([a, b], 1),
    {
      grad: true,
    },
  ),
  ...opCases(family, 'Concat', 'with an empty tensor', [f32([0, 3]), f32([2, 3])], (a, b) =>
    tf.concat([a, b], 0),
  ),
  ...opCases(family, 'Concat', 'int32', [i32([2, 2]), i32([2, 3])], (a, b) => tf.concat([a, b], 1)),

  ...opCases(
    family,
    'Reshape',
    'flatten [2,3,4] to [2,12]',
    [f32([2, 3, 4])],
    (x) => tf.reshape(x, [2, 12]),
    { grad: true },
  ),
  ...opCases(family, 'Reshape', 'infer -1', [f32([2, 3, 4])], (x) => tf.reshape(x, [-1, 4])),
  ...opCases(family, 'Reshape', 'squeeze size-1 dims', [f32([1, 3, 1])], (x) => tf.squeeze(x)),
  ...opCases(family, 'Reshape', 'empty', [f32([0, 4])], (x) => tf.reshape(x, [2, 0, 2])),
  ...opCases(family, 'Reshape', 'int32', [i32([2, 3])], (x) => tf.reshape(x, [3, 2])),
  ...opCases(family, 'ExpandDims', 'expandDims', [f32([2, 3])], (x) => tf.expandDims(x, 1), { grad: true }),

  ...opCases(family, 'Transpose', '2-D', [f32([3, 5])], (x) => tf.transpose(x), { grad: true }),
  ...opCases(
    family,
    'Transpose',
    'perm [0,2,1,3]',
    [f32([2, 3, 4, 2])],
    (x) => tf.transpose(x, [0, 2, 1, 3]),
    {
      grad: true,
    },
  ),
  ...opCases(family, 'Transpose', 'perm [1,0,2] (time-major)', [f32([2, 3, 4])], (x) =>
    tf.transpose(x, [1, 0, 2]),
  ),
  ...opCases(family, 'Transpose', 'int32', [i32([2, 3])], (x) => tf.transpose(x)),

  ...opCases(family, 'Slice', '2-D', [f32([4, 5])], (x) => tf.slice(x, [1, 1], [2, 3]), { grad: true }),
  ...opCases(
    family,
    'Slice',
    'size -1 (to the end) of rank 3',
    [f32([3, 4, 5])],
    (x) => tf.slice(x, [0, 2, 1], [-1, -1, 3]),
    {
      grad: true,
    },
  ),
  ...opCases(family, 'Slice', 'empty', [f32([3, 4])], (x) => tf.slice(x, [1, 0], [0, 4])),
  // Forward only: tfjs 4.22 registers no gradient for StridedSlice.
  ...opCases(family, 'StridedSlice', 'stride 2', [f32([6, 4])], (x) =>
    tf.stridedSlice(x, [0, 1], [6, 4], [2, 1]),
  ),

  ...opCases(
    family,
    'PadV2',
    'zero padding 2-D',
    [f32([2, 3])],
    (x) =>
      tf.pad(x, [
        [1, 1],
        [2, 0],
      ]),
    { grad: true },
  ),
  ...opCases(
    family,
    'PadV2',
    'zeroPadding2d of NHWC',
    [f32([1, 3, 3, 2])],
    (x) =>
      tf.pad(x, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
    {
      grad: true,
    },
  ),
  ...opCases(family, 'PadV2', 'constant value', [f32([2, 2])], (x) =>
    tf.pad(
      x,
      [
        [1, 0],
        [0, 1],
      ],
      -3,
    ),
  ),

  ...opCases(family, 'Tile', 'tile [2,3]', [f32([2, 2])], (x) => tf.tile(x, [2, 3]), { grad: true }),
  ...opCases(family, 'Tile', 'repeatVector', [f32([2, 1, 3])], (x) => tf.tile(x, [1, 4, 1]), { grad: true }),

  ...opCases(
    family,
    'Pack',
    'stack time steps',
    [f32([2, 3]), f32([2, 3]), f32([2, 3])],
    (a, b, c) => tf.stack([a, b, c], 1),
    {
      grad: true,
    },
  ),
  ...opCases(family, 'Unpack', 'unstack time steps', [f32([2, 3, 4])], (x) => tf.unstack(x, 1), {}),
  ...opCases(family, 'Unpack', 'unstack with gradient', [f32([3, 4])], (x) => tf.unstack(x)[1]!, {
    grad: true,
  }),
  ...opCases(family, 'SplitV', 'split into 4 gates', [f32([2, 8])], (x) => tf.split(x, 4, 1), {}),
  ...opCases(family, 'SplitV', 'split sizes [1, 2]', [f32([3, 2])], (x) => tf.split(x, [1, 2], 0), {}),
  ...opCases(family, 'SplitV', 'split with gradient', [f32([2, 6])], (x) => tf.split(x, 3, 1)[2]!, {
    grad: true,
  }),
  ...opCases(family, 'Reverse', 'reverse time axis', [f32([2, 4, 3])], (x) => tf.reverse(x, 1), {
    grad: true,
  }),
  ...opCases(family, 'Tile', 'broadcastTo', [f32([1, 3])], (x) => tf.broadcastTo(x, [4, 3])),
];
