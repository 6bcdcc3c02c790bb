import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { LayerNormalization } from './layer-normalization.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: [1, 3] has mean 2, variance 1 → [-1, 1] / sqrt(1 + eps)', () => {
  const input = tf.tensor2d([
    [1, 3],
    [10, 10],
  ]);
  const s = 1 / Math.sqrt(1 + 1e-3);
  runLayerTest(
    LayerNormalization,
    {},
    {
      inputShape: [2, 2],
      expectedOutputShape: [2, 2],
      expectedTrainableWeights: 2,
      input,
      expectedOutput: [
        [-s, s],
        [0, 0],
      ],
    },
  );
  input.dispose();
});

test.each([-1, [1, 2]])(
  'matches tfjs-layers over axis %j (forward, gradients w.r.t. input, gamma, beta)',
  (axis) => {
    const x = tf.randomNormal([2, 3, 4], 1, 2, 'float32', 1);
    const ours = new LayerNormalization({ axis });
    const theirs = tfl.layers.layerNormalization({ axis });
    const weights = tf.tidy(() => [
      tf.randomNormal(Array.isArray(axis) ? [3, 4] : [4], 1, 0.3, 'float32', 2),
      tf.randomNormal(Array.isArray(axis) ? [3, 4] : [4], 0, 0.3, 'float32', 3),
    ]);
    expectParity(ours, theirs, x, { weights, training: true });
    // tfjs-layers rewrites axis as a normalized array on build.
    expectConfigCompatible(ours, theirs, ['axis']);
    tf.dispose([x, ...weights]);
  },
);

test('without center and scale: no weights', () => {
  const layer = new LayerNormalization({ center: false, scale: false });
  const y = layer.apply(tf.ones([2, 3]));
  expect(layer.weights).toHaveLength(0);
  y.dispose();
});

test('bad axis arguments are explained', () => {
  expect(() => new LayerNormalization({ axis: 1.5 })).toThrow(/axis must be an integer or a non-empty array/);
  expect(() => new LayerNormalization({ axis: [1, -1] }).build([null, 4])).toThrow(/repeats an axis/);
  expect(() => new LayerNormalization({ axis: 3 }).build([null, 4])).toThrow(
    /axis 3 is out of range for an input of rank 2/,
  );
});
