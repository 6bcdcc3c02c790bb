import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { ReLU } from './relu.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const xs = [-3, -1, -0.5, 0.5, 1, 2.5, 4, 8];

test('contract, by hand: maxValue 6 clips', () => {
  const input = tf.tensor2d([xs]);
  runLayerTest(
    ReLU,
    { maxValue: 6 },
    {
      inputShape: [1, 8],
      expectedOutputShape: [1, 8],
      expectedTrainableWeights: 0,
      input,
      expectedOutput: [[0, 0, 0, 0.5, 1, 2.5, 4, 6]],
    },
  );
  input.dispose();
});

test('negativeSlope and threshold as keras.activations.relu (by hand)', () => {
  const layer = new ReLU({ negativeSlope: 0.1, threshold: 1, maxValue: 3 });
  const y = tf.tidy(() => layer.apply(tf.tensor1d(xs)).arraySync());
  // x > 1 passes (clipped to 3); otherwise 0.1 · (x - 1).
  tf.test_util.expectArraysClose(
    y,
    xs.map((v) => (v > 1 ? Math.min(v, 3) : 0.1 * (v - 1))),
    1e-6,
  );
  const leaky = tf.tidy(() => new ReLU({ negativeSlope: 0.5 }).apply(tf.tensor1d([-2, 2])).arraySync());
  tf.test_util.expectArraysClose(leaky, [-1, 2]);
  const thresholded = tf.tidy(() => new ReLU({ threshold: 1 }).apply(tf.tensor1d([0.5, 1, 1.5])).arraySync());
  tf.test_util.expectArraysClose(thresholded, [0, 0, 1.5]);
});

test.each([{}, { maxValue: 2.5 }, { maxValue: 6 }])(
  'matches tfjs-layers ReLU %j (forward, gradient)',
  (args) => {
    const x = tf.tensor2d([xs]);
    expectParity(new ReLU(args), tfl.layers.reLU(args), x);
    expectConfigCompatible(new ReLU(args), tfl.layers.reLU(args));
    x.dispose();
  },
);

test('bad arguments name the layer and the value', () => {
  expect(() => new ReLU({ maxValue: -1 })).toThrow(/ReLU.*maxValue must be a number in .*got -1/);
  expect(() => new ReLU({ negativeSlope: Number.NaN })).toThrow(/negativeSlope/);
});
