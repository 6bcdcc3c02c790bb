import * as tf from '@strata/core';
import { bools, type ConformanceCase, f32, fixed, i32, opCases } from '../case.js';

// Reductions: loss means and sums, global pooling (mean/max over space), metrics (argMax), batch statistics.
const family = 'reductions';
const withInfinity = fixed([1, Number.POSITIVE_INFINITY, -2, 3, Number.NEGATIVE_INFINITY, 1e30], [2, 3]);

const reduction = (
  kernel: string,
  name: string,
  op: (x: tf.Tensor, axis?: number | number[], keepDims?: boolean) => tf.Tensor,
) => [
  ...opCases(family, kernel, `${name} all`, [f32([3, 4])], (x) => op(x), { grad: true }),
  ...opCases(family, kernel, `${name} axis 0`, [f32([3, 4])], (x) => op(x, 0), { grad: true }),
  // Axis 2 rather than -1: tfjs 4.22's prod gradient cannot take a negative axis.
  ...opCases(family, kernel, `${name} last axis keepDims`, [f32([2, 3, 4])], (x) => op(x, 2, true), {
    grad: true,
  }),
  ...opCases(
    family,
    kernel,
    `${name} axes [1, 2] (global pooling)`,
    [f32([2, 3, 3, 4])],
    (x) => op(x, [1, 2]),
    {
      grad: true,
    },
  ),
  ...opCases(family, kernel, `${name} size-1 axis`, [f32([3, 1])], (x) => op(x, 1)),
  ...opCases(family, kernel, `${name} Infinity and 1e30`, [withInfinity], (x) => op(x, 1)),
  ...opCases(family, kernel, `${name} int32`, [i32([3, 4])], (x) => op(x, 1)),
];

export const reductionCases: ConformanceCase[] = [
  ...reduction('Sum', 'sum', tf.sum),
  ...opCases(family, 'Sum', 'sum of empty axis is 0', [f32([0, 3])], (x) => tf.sum(x, 0)),
  ...opCases(family, 'Sum', 'sum NaN propagates', [fixed([1, Number.NaN, 2, 3], [2, 2])], (x) =>
    tf.sum(x, 1),
  ),
  ...opCases(family, 'Sum', 'sum of bool counts', [bools([3, 4])], (x) => tf.sum(x, 1)),
  ...reduction('Mean', 'mean', tf.mean),
  ...opCases(
    family,
    'Mean',
    'mean of 1e30s does not overflow',
    [fixed([1e30, 1e30, 1e30, -1e30])],
    (x) => tf.mean(x),
    {
      tolerance: 10,
    },
  ),
  ...reduction('Max', 'max', tf.max),
  ...reduction('Min', 'min', tf.min),
  ...reduction('Prod', 'prod', tf.prod),
  // Prod's gradient runs cumulative products.
  ...opCases(family, 'Cumprod', 'cumprod', [f32([3, 4])], (x) => tf.cumprod(x, 1)),
  ...opCases(family, 'Cumprod', 'cumprod exclusive reverse', [f32([3, 4])], (x) =>
    tf.cumprod(x, 1, true, true),
  ),
  ...opCases(family, 'ArgMax', 'argMax axis -1', [f32([4, 5])], (x) => tf.argMax(x, -1)),
  ...opCases(family, 'ArgMax', 'argMax axis 0', [f32([4, 5])], (x) => tf.argMax(x, 0)),
  ...opCases(family, 'ArgMax', 'argMax with Infinity', [withInfinity], (x) => tf.argMax(x, 1)),
  ...opCases(family, 'ArgMin', 'argMin axis -1', [f32([4, 5])], (x) => tf.argMin(x, -1)),
  ...opCases(family, 'All', 'all', [bools([3, 4])], (x) => tf.all(x, 1)),
  ...opCases(family, 'Any', 'any', [bools([3, 4])], (x) => tf.any(x, 1)),
];
