import * as tf from '@strata/core';
import {
  bools,
  type ConformanceCase,
  constant,
  f32,
  fixed,
  i32,
  kernelCase,
  opCases,
  positive,
  specialValues,
} from '../case.js';

// Element-wise arithmetic, comparisons and casts: what losses, optimizers and layer internals are made of.
const family = 'arithmetic';
const special = fixed(specialValues);
// The special values against a reordering of themselves, so NaN, Infinity and 0 meet every other kind.
const specialB = fixed([
  0,
  2.5,
  Number.NaN,
  Number.NEGATIVE_INFINITY,
  1e30,
  -0,
  Number.POSITIVE_INFINITY,
  -1,
  1e-30,
  -1e30,
]);

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
// tfjs 4.22's gradients of maximum, minimum and squaredDifference do not reduce over broadcast axes (they
// throw), so those get broadcasting cases without gradients: `broadcastGrad: false`.
const binary = (
  kernel: string,
  name: string,
  op: Binary,
  options: { int32?: boolean; positiveB?: boolean; broadcastGrad?: boolean } = {},
) => {
  const b = (shape: number[]) => (options.positiveB ? positive(shape) : f32(shape));
  const grad = options.broadcastGrad ?? true;
  return [
    ...opCases(family, kernel, `${name} same shape`, [f32([3, 4]), b([3, 4])], op, { grad: true }),
    ...opCases(family, kernel, `${name} broadcast [2,3] and [3]`, [f32([2, 3]), b([3])], op, { grad }),
    ...opCases(family, kernel, `${name} broadcast [2,1] and [1,3]`, [f32([2, 1]), b([1, 3])], op, { grad }),
    ...opCases(family, kernel, `${name} with a scalar`, [f32([2, 3]), b([])], op, { grad }),
    ...opCases(family, kernel, `${name} empty [0,3] and [3]`, [f32([0, 3]), b([3])], op),
    ...opCases(family, kernel, `${name} NaN, Infinity, ±0, 1e30`, [special, specialB], op),
    ...(options.int32 ? opCases(family, kernel, `${name} int32`, [i32([2, 3]), i32([2, 3], 1, 5)], op) : []),
  ];
};

type Unary = (x: tf.Tensor) => tf.Tensor;
const unary = (
  kernel: string,
  name: string,
  op: Unary,
  options: { positive?: boolean; grad?: boolean; int32?: boolean } = {},
) => [
  ...opCases(family, kernel, name, [options.positive ? positive([3, 4]) : f32([3, 4])], op, {
    grad: options.grad ?? true,
  }),
  ...opCases(family, kernel, `${name} NaN, Infinity, ±0, 1e30`, [special], op),
  ...opCases(family, kernel, `${name} empty`, [f32([0])], op),
  ...(options.int32 ? opCases(family, kernel, `${name} int32`, [i32([5])], op) : []),
];

const compare = (kernel: string, name: string, op: Binary) => [
  ...opCases(family, kernel, `${name} broadcast`, [f32([3, 4]), f32([4])], op),
  ...opCases(
    family,
    kernel,
    `${name} equal values, NaN, Infinity`,
    [special, fixed([Number.NaN, 1e30, Number.NEGATIVE_INFINITY, 0, 0, 1e30, 3, 0, 2.5, -0.75])],
    op,
  ),
  ...opCases(family, kernel, `${name} int32`, [i32([6], -2, 2), i32([6], -2, 2)], op),
];

export const arithmeticCases: ConformanceCase[] = [
  ...binary('Add', 'add', tf.add, { int32: true }),
  ...binary('Sub', 'sub', tf.sub, { int32: true }),
  ...binary('Multiply', 'mul', tf.mul, { int32: true }),
  ...binary('RealDiv', 'div', tf.div, { positiveB: true }),
  ...opCases(family, 'RealDiv', 'div by zero', [fixed([1, -1, 0, 2]), fixed([0, 0, 0, -0])], tf.div),
  ...binary('Maximum', 'maximum', tf.maximum, { int32: true, broadcastGrad: false }),
  ...binary('Minimum', 'minimum', tf.minimum, { int32: true, broadcastGrad: false }),
  ...binary('SquaredDifference', 'squaredDifference', tf.squaredDifference, { broadcastGrad: false }),
  ...opCases(family, 'Pow', 'pow', [positive([3, 4]), f32([3, 4])], tf.pow, { grad: true }),
  ...opCases(
    family,
    'Pow',
    'pow integer exponents of negatives',
    [f32([6]), fixed([2, 3, 0, 1, 2, 3])],
    tf.pow,
  ),
  ...opCases(family, 'FloorDiv', 'floorDiv int32', [i32([6], -9, 9), i32([6], 1, 4)], tf.floorDiv),
  ...opCases(
    family,
    'AddN',
    'addN of three',
    [f32([2, 3]), f32([2, 3]), f32([2, 3])],
    (a, b, c) => tf.addN([a, b, c]),
    {
      grad: true,
    },
  ),

  ...unary('Neg', 'neg', tf.neg, { int32: true }),
  ...unary('Abs', 'abs', tf.abs, { int32: true }),
  ...unary('Exp', 'exp', tf.exp),
  ...opCases(family, 'Exp', 'exp overflows to Infinity', [fixed([88, 89, 100, -100, -1000])], tf.exp),
  ...unary('Log', 'log', tf.log, { positive: true }),
  ...opCases(family, 'Log', 'log of 0 and negatives', [fixed([0, -0, -1, 1e-45, 1])], tf.log),
  ...unary('Log1p', 'log1p', tf.log1p, { positive: true }),
  ...unary('Sqrt', 'sqrt', tf.sqrt, { positive: true }),
  ...unary('Rsqrt', 'rsqrt', tf.rsqrt, { positive: true }),
  ...unary('Square', 'square', tf.square, { int32: true }),
  ...unary('Reciprocal', 'reciprocal', tf.reciprocal, { positive: true }),
  ...unary('Sign', 'sign', tf.sign, { grad: false }),
  ...unary('Floor', 'floor', tf.floor, { grad: false }),
  ...unary('Round', 'round', tf.round, { grad: false }),
  ...opCases(family, 'Round', 'round halves to even', [fixed([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999])], tf.round),
  ...unary('Step', 'step', (x) => tf.step(x), { grad: false }),
  ...opCases(family, 'ClipByValue', 'clipByValue [-1, 1]', [f32([3, 4])], (x) => tf.clipByValue(x, -1, 1), {
    grad: true,
  }),
  ...opCases(family, 'ClipByValue', 'clipByValue NaN, Infinity', [special], (x) =>
    tf.clipByValue(x, 1e-7, 1 - 1e-7),
  ),

  ...compare('Equal', 'equal', tf.equal),
  ...compare('NotEqual', 'notEqual', tf.notEqual),
  ...compare('Greater', 'greater', tf.greater),
  ...compare('GreaterEqual', 'greaterEqual', tf.greaterEqual),
  ...compare('Less', 'less', tf.less),
  ...compare('LessEqual', 'lessEqual', tf.lessEqual),
  ...opCases(family, 'LogicalAnd', 'logicalAnd', [bools([8]), bools([8])], tf.logicalAnd),
  ...opCases(family, 'LogicalOr', 'logicalOr', [bools([8]), bools([8])], tf.logicalOr),
  ...opCases(family, 'LogicalNot', 'logicalNot', [bools([8])], tf.logicalNot),
  ...opCases(family, 'IsNan', 'isNaN', [special], tf.isNaN),
  ...opCases(
    family,
    'Select',
    'where',
    [bools([3, 4]), f32([3, 4]), f32([3, 4])],
    (c, a, b) => tf.where(c, a, b),
    {
      grad: true,
    },
  ),
  kernelCase(family, 'Select', 'kernel alone', { condition: bools([6]), t: f32([6]), e: f32([6]) }, {}),
  ...opCases(
    family,
    'Select',
    'where, condition broadcast over rows',
    [bools([3]), f32([3]), f32([3])],
    (c, a, b) => tf.where(c, a, b),
  ),

  ...opCases(family, 'Cast', 'float32 to int32 truncates', [fixed([1.7, -1.7, 0.5, -0.5, 3, 1e5])], (x) =>
    tf.cast(x, 'int32'),
  ),
  ...opCases(family, 'Cast', 'int32 to float32', [i32([6], -100, 100)], (x) => tf.cast(x, 'float32')),
  ...opCases(family, 'Cast', 'bool to float32', [bools([6])], (x) => tf.cast(x, 'float32')),
  ...opCases(family, 'Cast', 'float32 to bool', [fixed([0, -0, 1, -2.5, Number.NaN, 1e-30])], (x) =>
    tf.cast(x, 'bool'),
  ),
  ...opCases(family, 'Cast', 'float32 to float32 with gradient', [f32([4])], (x) => tf.cast(x, 'float32'), {
    grad: true,
  }),
  ...opCases(family, 'ZerosLike', 'zerosLike', [f32([2, 3])], tf.zerosLike),
  ...opCases(family, 'OnesLike', 'onesLike', [f32([2, 3])], tf.onesLike),
  ...opCases(family, 'OnesLike', 'onesLike int32', [i32([4])], tf.onesLike),
  ...opCases(family, 'Fill', 'fill', [], () => tf.fill([2, 3], 1.5)),
  ...opCases(family, 'Fill', 'fill int32', [], () => tf.fill([4], 7, 'int32')),
  ...opCases(family, 'Identity', 'clone', [f32([2, 3])], (x) => tf.clone(x)),
  ...opCases(family, 'Mod', 'mod', [f32([6]), constant(positive([6], 0.5, 3))], tf.mod),
];
