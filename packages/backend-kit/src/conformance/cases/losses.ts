import * as tf from '@strata/core';
import { type ConformanceCase, constant, f32, fixed, opCases, positive } from '../case.js';

// The losses and metrics models compile with, as compositions of kernels (with their gradients w.r.t. the
// predictions): cross-entropies on logits and on probabilities, regression losses, accuracy.
const family = 'losses';
const epsilon = 1e-7;
const labels = (shape: number[]) => constant(fixed(oneHotRows(shape[0]!, shape[1]!), shape));

function oneHotRows(rows: number, depth: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) for (let d = 0; d < depth; d++) out.push(d === (r * 7) % depth ? 1 : 0);
  return out;
}

const categoricalCrossentropy = (y: tf.Tensor, p: tf.Tensor) =>
  tf.mean(tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, epsilon, 1 - epsilon))), -1)));
const binaryCrossentropy = (y: tf.Tensor, p: tf.Tensor) => {
  const clipped = tf.clipByValue(p, epsilon, 1 - epsilon);
  return tf.mean(
    tf.neg(tf.add(tf.mul(y, tf.log(clipped)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, clipped))))),
  );
};

export const lossCases: ConformanceCase[] = [
  ...opCases(family, 'logSoftmax', 'logSoftmax', [f32([4, 6], -5, 5)], (x) => tf.logSoftmax(x), {
    grad: true,
  }),
  ...opCases(
    family,
    'logSoftmax',
    'logSoftmax of large logits',
    [fixed([1000, 0, -1000, 1, 2, 3], [2, 3])],
    (x) => tf.logSoftmax(x),
  ),
  ...opCases(
    family,
    'softmaxCrossEntropy',
    'from logits',
    [labels([4, 5]), f32([4, 5], -4, 4)],
    (y, logits) => tf.losses.softmaxCrossEntropy(y, logits),
    { grad: true },
  ),
  ...opCases(
    family,
    'sigmoidCrossEntropy',
    'from logits',
    [labels([4, 3]), f32([4, 3], -6, 6)],
    (y, logits) => tf.losses.sigmoidCrossEntropy(y, logits),
    { grad: true },
  ),
  ...opCases(
    family,
    'categoricalCrossentropy',
    'on probabilities (clipped log)',
    [labels([4, 5]), positive([4, 5], 0.01, 1)],
    (y, p) => categoricalCrossentropy(y, tf.div(p, tf.sum(p, -1, true))),
    { grad: true },
  ),
  ...opCases(
    family,
    'categoricalCrossentropy',
    'probabilities of exactly 0 and 1',
    [labels([2, 3]), fixed([1, 0, 0, 0, 0, 1], [2, 3])],
    categoricalCrossentropy,
    { grad: true },
  ),
  ...opCases(
    family,
    'binaryCrossentropy',
    'on probabilities',
    [labels([3, 4]), positive([3, 4], 0.001, 0.999)],
    binaryCrossentropy,
    {
      grad: true,
    },
  ),
  ...opCases(
    family,
    'sparseCategoricalCrossentropy',
    'int labels',
    [fixed([0, 2, 1, 2], [4], 'int32'), f32([4, 3])],
    (ids, logits) => tf.losses.softmaxCrossEntropy(tf.oneHot(ids, 3), logits),
    { grad: true },
  ),
  ...opCases(
    family,
    'meanSquaredError',
    'meanSquaredError',
    [constant(f32([4, 3])), f32([4, 3])],
    (y, p) => tf.losses.meanSquaredError(y, p),
    { grad: true },
  ),
  ...opCases(
    family,
    'meanAbsoluteError',
    'meanAbsoluteError',
    [constant(f32([4, 3])), f32([4, 3])],
    (y, p) => tf.losses.absoluteDifference(y, p),
    { grad: true },
  ),
  ...opCases(
    family,
    'huber',
    'huber delta 1',
    [constant(f32([4, 3], -3, 3)), f32([4, 3], -3, 3)],
    (y, p) => tf.losses.huberLoss(y, p, undefined, 1),
    { grad: true },
  ),
  ...opCases(family, 'accuracy', 'categorical accuracy', [labels([6, 4]), f32([6, 4])], (y, p) =>
    tf.mean(tf.cast(tf.equal(tf.argMax(y, -1), tf.argMax(p, -1)), 'float32')),
  ),
];
