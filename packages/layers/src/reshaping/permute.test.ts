import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Permute } from './permute.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract: dims [2, 1] transposes each sample', () => {
  const input = tf.tensor3d([
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
  ]);
  runLayerTest(
    Permute,
    { dims: [2, 1] },
    {
      inputShape: [1, 2, 3],
      expectedOutputShape: [1, 3, 2],
      input,
      expectedOutput: [
        [
          [1, 4],
          [2, 5],
          [3, 6],
        ],
      ],
    },
  );
  input.dispose();
});

test('matches tfjs-layers Permute (forward, gradient, config)', () => {
  const x = tf.randomNormal([2, 3, 4, 5], 0, 1, 'float32', 1);
  expectParity(new Permute({ dims: [3, 1, 2] }), tfl.layers.permute({ dims: [3, 1, 2] }), x);
  expectConfigCompatible(new Permute({ dims: [3, 1, 2] }), tfl.layers.permute({ dims: [3, 1, 2] }));
  x.dispose();
});

test('0-based dims and a wrong input rank are explained', () => {
  expect(() => new Permute({ dims: [1, 0] })).toThrow(
    /permutation of 1 to 2 \(1-based; the batch axis 0 is not included\), got \[1,0\]/,
  );
  const x = tf.zeros([2, 3]);
  expect(() => new Permute({ dims: [2, 1] }).apply(x)).toThrow(/Permute\) expected an input of rank 3/);
  x.dispose();
});
