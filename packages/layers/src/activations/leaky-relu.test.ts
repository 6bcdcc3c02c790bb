import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { LeakyReLU } from './leaky-relu.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: default slope 0.3', () => {
  const input = tf.tensor2d([[-2, -1, 0, 3]]);
  runLayerTest(
    LeakyReLU,
    {},
    { inputShape: [1, 4], expectedOutputShape: [1, 4], input, expectedOutput: [[-0.6, -0.3, 0, 3]] },
  );
  input.dispose();
});

test('negativeSlope (Keras 3) and alpha (tfjs-layers) are the same argument', () => {
  expect(new LeakyReLU({ negativeSlope: 0.1 }).negativeSlope).toBe(0.1);
  expect(new LeakyReLU({ alpha: 0.2 }).negativeSlope).toBe(0.2);
});

test('matches tfjs-layers LeakyReLU (forward, gradient, config)', () => {
  const x = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
  expectParity(new LeakyReLU({ alpha: 0.1 }), tfl.layers.leakyReLU({ alpha: 0.1 }), x);
  expectConfigCompatible(new LeakyReLU({ negativeSlope: 0.1 }), tfl.layers.leakyReLU({ alpha: 0.1 }));
  x.dispose();
});

test('a negative slope below 0 is rejected', () => {
  expect(() => new LeakyReLU({ negativeSlope: -1 })).toThrow(
    /negativeSlope must be a number in \[0, .*got -1/,
  );
});
