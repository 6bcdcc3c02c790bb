import * as tf from '@strata/core';
import { type ConformanceCase, f32, fixed, i32, kernelCase, opCases } from '../case.js';

// Dense layers: matMul, and the fused matMul + bias + activation kernel.
const family = 'matmul';
const matMul =
  (transposeA = false, transposeB = false) =>
  (a: tf.Tensor, b: tf.Tensor) =>
    tf.matMul(a, b, transposeA, transposeB);
const fused =
  (activation: tf.fused.Activation, extra: Partial<Parameters<typeof tf.fused.matMul>[0]> = {}) =>
  (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor, prelu?: tf.Tensor) =>
    tf.fused.matMul({
      a,
      b,
      bias,
      activation,
      ...(prelu ? { preluActivationWeights: prelu } : {}),
      ...extra,
    });

export const matmulCases: ConformanceCase[] = [
  ...opCases(family, 'BatchMatMul', '[8,16]x[16,4]', [f32([8, 16]), f32([16, 4])], matMul(), { grad: true }),
  ...opCases(family, 'BatchMatMul', 'transposeA', [f32([16, 8]), f32([16, 4])], matMul(true, false), {
    grad: true,
  }),
  ...opCases(family, 'BatchMatMul', 'transposeB', [f32([8, 16]), f32([4, 16])], matMul(false, true), {
    grad: true,
  }),
  ...opCases(family, 'BatchMatMul', 'batched [2,3,4]x[2,4,5]', [f32([2, 3, 4]), f32([2, 4, 5])], matMul(), {
    grad: true,
  }),
  ...opCases(
    family,
    'BatchMatMul',
    'broadcast batch [1,3,4]x[2,4,5]',
    [f32([1, 3, 4]), f32([2, 4, 5])],
    matMul(),
  ),
  ...opCases(family, 'BatchMatMul', 'size-1 [1,1]x[1,1]', [f32([1, 1]), f32([1, 1])], matMul(), {
    grad: true,
  }),
  ...opCases(family, 'BatchMatMul', 'empty [0,4]x[4,3]', [f32([0, 4]), f32([4, 3])], matMul()),
  ...opCases(
    family,
    'BatchMatMul',
    'large values',
    [f32([4, 8], -1e15, 1e15), f32([8, 3], -1e15, 1e15)],
    matMul(),
  ),
  ...opCases(
    family,
    'BatchMatMul',
    'NaN and Infinity propagate',
    [fixed([Number.NaN, 1, 2, 3, Number.POSITIVE_INFINITY, 1], [2, 3]), fixed([1, 2, 1, 1, 1, 3], [3, 2])],
    matMul(),
  ),
  ...opCases(family, 'BatchMatMul', 'int32', [i32([3, 4]), i32([4, 2])], matMul()),
  // Operands computed on the backend, as in training, rather than uploaded: add(x, 1) on 144 values runs on a GPU
  // (below 128 values tfjs-backend-webgl computes it on the CPU), and a packed texture's padding then holds what
  // the add computed there (1). An odd shared dimension (9) makes tfjs 4.22's packed matMul add that padding.
  ...opCases(
    family,
    'BatchMatMul',
    'computed operands, odd shared dimension, transposeB',
    [f32([16, 9]), f32([16, 9])],
    (a, b) => tf.matMul(tf.add(a, 1), tf.add(b, 1), false, true),
  ),
  ...opCases(
    family,
    'BatchMatMul',
    'computed operands, odd shared dimension',
    [f32([16, 9]), f32([9, 16])],
    (a, b) => tf.matMul(tf.add(a, 1), tf.add(b, 1)),
  ),

  ...opCases(
    family,
    '_FusedMatMul',
    'bias, linear',
    [f32([8, 16]), f32([16, 4]), f32([4])],
    fused('linear'),
    {
      grad: true,
    },
  ),
  ...opCases(family, '_FusedMatMul', 'bias, relu', [f32([8, 16]), f32([16, 4]), f32([4])], fused('relu'), {
    grad: true,
  }),
  ...opCases(
    family,
    '_FusedMatMul',
    'bias, relu6',
    [f32([6, 5]), f32([5, 4], -3, 3), f32([4])],
    fused('relu6'),
  ),
  ...opCases(family, '_FusedMatMul', 'bias, sigmoid', [f32([6, 5]), f32([5, 4]), f32([4])], fused('sigmoid')),
  ...opCases(family, '_FusedMatMul', 'bias, elu', [f32([6, 5]), f32([5, 4]), f32([4])], fused('elu')),
  ...opCases(
    family,
    '_FusedMatMul',
    'bias, leakyrelu 0.2',
    [f32([6, 5]), f32([5, 4]), f32([4])],
    fused('leakyrelu', { leakyreluAlpha: 0.2 }),
  ),
  ...opCases(
    family,
    '_FusedMatMul',
    'bias, prelu',
    [f32([6, 5]), f32([5, 4]), f32([4]), f32([4], 0, 0.5)],
    fused('prelu'),
  ),
  ...opCases(
    family,
    '_FusedMatMul',
    'transposeB, bias [1,4]',
    [f32([3, 5]), f32([4, 5]), f32([1, 4])],
    fused('linear', { transposeB: true }),
  ),
  ...opCases(
    family,
    '_FusedMatMul',
    'computed operands, odd shared dimension, bias, relu',
    [f32([16, 9]), f32([9, 16]), f32([16])],
    (a, b, bias) => tf.fused.matMul({ a: tf.add(a, 1), b: tf.add(b, 1), bias, activation: 'relu' }),
  ),
  // tf.fused.matMul reshapes to rank 3 around the kernel; this dispatches it alone.
  kernelCase(
    family,
    '_FusedMatMul',
    'kernel alone, rank 3',
    { a: f32([1, 4, 6]), b: f32([1, 6, 3]), bias: f32([3]) },
    { transposeA: false, transposeB: false, activation: 'relu' },
  ),
  ...opCases(
    family,
    '_FusedMatMul',
    'batched, bias',
    [f32([2, 3, 5]), f32([2, 5, 4]), f32([4])],
    fused('relu'),
  ),
];
