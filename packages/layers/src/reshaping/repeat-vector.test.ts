import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { RepeatVector } from './repeat-vector.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract: [1, 2] → [1, 3, 2]', () => {
  const input = tf.tensor2d([[1, 2]]);
  runLayerTest(
    RepeatVector,
    { n: 3 },
    {
      inputShape: [1, 2],
      expectedOutputShape: [1, 3, 2],
      input,
      expectedOutput: [
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ],
      ],
    },
  );
  input.dispose();
});

test('matches tfjs-layers RepeatVector (forward, gradient sums over the copies, config)', () => {
  const x = tf.randomNormal([2, 4], 0, 1, 'float32', 1);
  expectParity(new RepeatVector({ n: 3 }), tfl.layers.repeatVector({ n: 3 }), x);
  expectConfigCompatible(new RepeatVector({ n: 3 }), tfl.layers.repeatVector({ n: 3 }));
  x.dispose();
});

test('needs rank 2 and a positive n', () => {
  expect(() => new RepeatVector({ n: 0 })).toThrow(/n must be a positive integer, got 0/);
  const x = tf.zeros([2, 3, 4]);
  expect(() => new RepeatVector({ n: 2 }).apply(x)).toThrow(/RepeatVector\) expected an input of rank 2/);
  x.dispose();
});
