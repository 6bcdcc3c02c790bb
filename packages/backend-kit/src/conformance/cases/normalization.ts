import * as tf from '@strata/core';
import { type ConformanceCase, f32, kernelCase, opCases, positive } from '../case.js';

// BatchNormalization (inference: the fused kernel; training: moments then normalize) and LayerNormalization.
const family = 'normalization';

const layerNorm = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-3))), gamma), beta);
};
const batchNormTraining = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, mean, variance, beta, gamma, 1e-3);
};

export const normalizationCases: ConformanceCase[] = [
  ...opCases(
    family,
    'FusedBatchNorm',
    'NHWC with scale and offset',
    [f32([2, 3, 3, 4]), f32([4]), positive([4]), f32([4]), f32([4])],
    (x, mean, variance, offset, scale) => tf.batchNorm(x, mean, variance, offset, scale, 1e-3),
    { grad: true },
  ),
  ...opCases(
    family,
    'FusedBatchNorm',
    '2-D without scale and offset',
    [f32([5, 3]), f32([3]), positive([3])],
    // No gradient case: tfjs 4.22's batchNorm gradient needs scale and offset.
    (x, mean, variance) => tf.batchNorm(x, mean, variance, undefined, undefined, 1e-3),
  ),
  // tf.batchNorm reshapes around the kernel; this dispatches it alone.
  kernelCase(
    family,
    'FusedBatchNorm',
    'kernel alone',
    { x: f32([1, 2, 2, 3]), mean: f32([3]), variance: positive([3]), offset: f32([3]), scale: f32([3]) },
    { varianceEpsilon: 1e-3 },
  ),
  ...opCases(family, 'moments', 'moments over batch and space', [f32([2, 3, 3, 4])], (x) => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return [mean, variance];
  }),
  ...opCases(
    family,
    'batchNormTraining',
    'moments then normalize',
    [f32([2, 2, 2, 3]), f32([3]), f32([3])],
    batchNormTraining,
    {
      grad: true,
    },
  ),
  ...opCases(family, 'layerNorm', 'last axis', [f32([3, 6]), f32([6]), f32([6])], layerNorm, { grad: true }),
  ...opCases(
    family,
    'layerNorm',
    'constant rows (variance 0)',
    [f32([2, 4], 1, 1.000001), f32([4]), f32([4])],
    layerNorm,
  ),
];
