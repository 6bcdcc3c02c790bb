import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Activation } from './activation.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: relu', () => {
  const input = tf.tensor2d([[-1, 0, 2]]);
  runLayerTest(
    Activation,
    { activation: 'relu' },
    {
      inputShape: [1, 3],
      expectedOutputShape: [1, 3],
      expectedTrainableWeights: 0,
      input,
      expectedOutput: [[0, 0, 2]],
    },
  );
  input.dispose();
});

test.each(['tanh', 'hard_sigmoid', 'gelu', 'linear'])(
  'matches tfjs-layers Activation %s (forward, gradient, config)',
  (name) => {
    const x = tf.randomNormal([2, 5], 0, 2, 'float32', 1);
    expectParity(
      new Activation({ activation: name }),
      tfl.layers.activation({ activation: name.replace('hard_sigmoid', 'hardSigmoid') as any }),
      x,
    );
    expectConfigCompatible(
      new Activation({ activation: name }),
      tfl.layers.activation({ activation: name.replace('hard_sigmoid', 'hardSigmoid') as any }),
    );
    x.dispose();
  },
);

test('linear returns a separate tensor: disposing the output keeps the input', () => {
  const x = tf.ones([2]);
  const y = new Activation({ activation: 'linear' }).apply(x);
  y.dispose();
  expect(x.isDisposed).toBe(false);
  x.dispose();
});

test('works on any shape after the first call (element-wise)', () => {
  const layer = new Activation({ activation: 'relu' });
  tf.dispose([layer.apply(tf.ones([2, 3])), layer.apply(tf.ones([4, 5, 6]))]);
});

test('a function, and an unknown name listing the valid ones', () => {
  const y = tf.tidy(() =>
    new Activation({ activation: (x) => tf.mul(x, 2) }).apply(tf.ones([2])).arraySync(),
  );
  expect(y).toEqual([2, 2]);
  expect(() => new Activation({ activation: 'swishh' })).toThrow(/Unknown activation 'swishh'.*'swish'/);
});
