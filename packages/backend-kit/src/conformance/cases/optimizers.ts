import * as tf from '@strata/core';
import { type ConformanceCase, f32, opCases } from '../case.js';

// Two update steps of each built-in optimizer on one weight with a fixed gradient. Epsilons are explicit:
// the default is the backend's epsilon (1e-4 on webgl, 1e-7 on cpu), which would compare settings, not kernels.
const family = 'optimizers';
const epsilon = 1e-7;

function twoSteps(make: () => tf.Optimizer) {
  return (initial: tf.Tensor, gradient: tf.Tensor) => {
    const weight = tf.variable(initial, true);
    const optimizer = make();
    try {
      optimizer.applyGradients({ [weight.name]: gradient });
      optimizer.applyGradients({ [weight.name]: tf.mul(gradient, -0.5) });
      return tf.clone(weight);
    } finally {
      optimizer.dispose();
      weight.dispose();
    }
  };
}

const optimizer = (name: string, make: () => tf.Optimizer) =>
  opCases(family, name, 'two steps', [f32([3, 4]), f32([3, 4])], twoSteps(make), { tolerance: 10 });

export const optimizerCases: ConformanceCase[] = [
  ...optimizer('sgd', () => tf.train.sgd(0.1)),
  ...optimizer('momentum', () => tf.train.momentum(0.1, 0.9)),
  ...optimizer('nesterov', () => tf.train.momentum(0.1, 0.9, true)),
  ...optimizer('adam', () => tf.train.adam(0.01, 0.9, 0.999, epsilon)),
  ...optimizer('adamax', () => tf.train.adamax(0.01, 0.9, 0.999, epsilon)),
  ...optimizer('rmsprop', () => tf.train.rmsprop(0.01, 0.9, 0, epsilon)),
  ...optimizer('rmsprop centered, momentum', () => tf.train.rmsprop(0.01, 0.9, 0.5, epsilon, true)),
  ...optimizer('adagrad', () => tf.train.adagrad(0.1, 0.1)),
  ...optimizer('adadelta', () => tf.train.adadelta(1, 0.95, epsilon)),
];
