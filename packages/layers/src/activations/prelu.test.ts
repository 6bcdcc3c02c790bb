import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { PReLU } from './prelu.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: a learned slope per feature', () => {
  const input = tf.tensor2d([[-2, -2, 3]]);
  const alpha = tf.tensor1d([0.5, 0.1, 0.2]);
  runLayerTest(
    PReLU,
    {},
    {
      inputShape: [1, 3],
      expectedOutputShape: [1, 3],
      expectedTrainableWeights: 1,
      weights: [alpha],
      input,
      expectedOutput: [[-1, -0.2, 3]],
    },
  );
  tf.dispose([input, alpha]);
});

test('matches tfjs-layers PReLU with shared axes (forward, gradients w.r.t. input and alpha, config)', () => {
  const x = tf.randomNormal([2, 3, 3, 2], 0, 1, 'float32', 6);
  const alpha = tf.tensor3d([[[0.1, 0.3]]]);
  const ours = new PReLU({ sharedAxes: [1, 2] });
  expectParity(ours, tfl.layers.prelu({ sharedAxes: [1, 2] }), x, { weights: [alpha] });
  expect(ours.alpha.shape).toEqual([1, 1, 2]);
  expectConfigCompatible(new PReLU({ sharedAxes: [1, 2] }), tfl.layers.prelu({ sharedAxes: [1, 2] }));
  tf.dispose([x, alpha]);
});

test('a shared axis beyond the input rank is a clear error', () => {
  expect(() => new PReLU({ sharedAxes: [3] }).build([null, 4, 4])).toThrow(
    /names axis 3, but the input has rank 3/,
  );
  expect(() => new PReLU({ sharedAxes: [0] })).toThrow(/1-based/);
});
