import * as tf from '@strata/core';
import { type ConformanceCase, f32, fixed, i32, kernelCase, opCases } from '../case.js';

// Embedding (gather rows; its gradient scatters them back with UnsortedSegmentSum) and one-hot labels.
const family = 'gather';

export const gatherCases: ConformanceCase[] = [
  ...opCases(
    family,
    'GatherV2',
    'embedding lookup [2,3] into [10,4]',
    [f32([10, 4]), i32([2, 3], 0, 10)],
    (table, ids) => tf.gather(table, ids),
    { grad: true },
  ),
  ...opCases(
    family,
    'GatherV2',
    'repeated ids accumulate gradients',
    [f32([5, 3]), fixed([1, 1, 4, 1, 0], [5], 'int32')],
    (table, ids) => tf.gather(table, ids),
    { grad: true },
  ),
  ...opCases(family, 'GatherV2', 'axis 1', [f32([3, 6]), i32([4], 0, 6)], (x, ids) => tf.gather(x, ids, 1), {
    grad: true,
  }),
  ...opCases(family, 'GatherV2', 'no ids', [f32([5, 3]), fixed([], [0], 'int32')], (table, ids) =>
    tf.gather(table, ids),
  ),
  ...opCases(family, 'GatherV2', 'int32 table', [i32([6, 2]), i32([3], 0, 6)], (table, ids) =>
    tf.gather(table, ids),
  ),
  kernelCase(
    family,
    'UnsortedSegmentSum',
    'scatter rows into 4 segments',
    { x: f32([6, 3]), segmentIds: fixed([0, 3, 3, 1, 0, 3], [6], 'int32') },
    { numSegments: 4 },
  ),
  ...opCases(family, 'OneHot', 'oneHot depth 4', [i32([5], 0, 4)], (ids) => tf.oneHot(ids, 4)),
  ...opCases(
    family,
    'OneHot',
    'float32 on/off values (label smoothing), out-of-range ids',
    [fixed([0, 2, -1, 7], [4], 'int32')],
    (ids) => tf.oneHot(ids, 3, 0.9, 0.05, 'float32'),
  ),
];
