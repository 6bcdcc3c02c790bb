import * as tf from '@strata/core';
import { type ConformanceCase, f32, fixed, kernelCase, opCases, specialValues } from '../case.js';

// The activations layers use by name (relu, relu6, sigmoid, tanh, softmax, gelu, elu, selu, swish, softplus,
// leakyRelu, prelu), with the special values a diverging model produces.
const family = 'activations';
const special = fixed(specialValues);
const unary = (
  kernel: string,
  name: string,
  op: (x: tf.Tensor) => tf.Tensor,
  tolerance = 1,
): ConformanceCase[] => [
  ...opCases(family, kernel, `${name} [3,4]`, [f32([3, 4], -4, 4)], op, { grad: true, tolerance }),
  ...opCases(family, kernel, `${name} NaN, Infinity, ±0, 1e30`, [special], op, { tolerance }),
  ...opCases(family, kernel, `${name} empty`, [f32([0, 3])], op),
  ...opCases(family, kernel, `${name} scalar`, [f32([])], op),
];

// gelu as Keras computes it (exact, with erf) and its tanh approximation.
const gelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
const geluTanh = (x: tf.Tensor) =>
  tf.mul(
    tf.mul(x, 0.5),
    tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))),
  );

export const activationCases: ConformanceCase[] = [
  ...unary('Relu', 'relu', tf.relu),
  ...unary('Relu6', 'relu6', (x) => tf.relu6(x)),
  ...opCases(family, 'Relu6', 'relu6 around 0 and 6', [f32([4, 5], -2, 8)], (x) => tf.relu6(x), {
    grad: true,
  }),
  ...unary('Sigmoid', 'sigmoid', tf.sigmoid),
  ...opCases(family, 'Sigmoid', 'sigmoid saturates at ±100', [fixed([-100, -20, 20, 100])], tf.sigmoid, {
    grad: true,
  }),
  ...unary('Tanh', 'tanh', tf.tanh),
  ...opCases(family, 'Tanh', 'tanh saturates at ±50', [fixed([-50, -10, 10, 50])], tf.tanh, { grad: true }),
  ...unary('Elu', 'elu', tf.elu),
  kernelCase(family, 'EluGrad', 'dy and y', { dy: f32([3, 4]), y: f32([3, 4], -0.99, 3) }, {}),
  ...unary('Selu', 'selu', tf.selu),
  ...unary('Softplus', 'softplus', tf.softplus),
  ...opCases(
    family,
    'Softplus',
    'softplus of ±100 does not overflow',
    [fixed([-100, -30, 30, 100])],
    tf.softplus,
    {
      grad: true,
    },
  ),
  ...unary('LeakyRelu', 'leakyRelu 0.2', (x) => tf.leakyRelu(x, 0.2)),
  ...opCases(
    family,
    'Prelu',
    'prelu, alpha per channel',
    [f32([3, 4]), f32([4], 0, 0.5)],
    (x, a) => tf.prelu(x, a),
    {
      grad: true,
    },
  ),
  ...unary('Erf', 'erf', tf.erf),
  ...opCases(family, 'Softmax', 'softmax [4,10]', [f32([4, 10], -5, 5)], (x) => tf.softmax(x), {
    grad: true,
  }),
  ...opCases(
    family,
    'Softmax',
    'softmax of large logits is stable',
    [fixed([1000, 0, -1000, 500, 500, 500], [2, 3])],
    (x) => tf.softmax(x),
  ),
  ...opCases(family, 'Softmax', 'softmax size-1 axis', [f32([3, 1])], (x) => tf.softmax(x), { grad: true }),
  ...opCases(family, 'Softmax', 'softmax rank 3', [f32([2, 3, 5])], (x) => tf.softmax(x), { grad: true }),
  ...opCases(family, 'gelu', 'gelu (erf)', [f32([3, 5], -4, 4)], gelu, { grad: true }),
  ...opCases(family, 'gelu', 'gelu (tanh approximation)', [f32([3, 5], -4, 4)], geluTanh, { grad: true }),
  ...opCases(family, 'swish', 'swish x·sigmoid(x)', [f32([3, 5], -6, 6)], (x) => tf.mul(x, tf.sigmoid(x)), {
    grad: true,
  }),
];
