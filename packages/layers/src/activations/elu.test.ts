import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { ELU } from './elu.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: alpha 0.5', () => {
  const input = tf.tensor2d([[-1, 0, 2]]);
  runLayerTest(
    ELU,
    { alpha: 0.5 },
    {
      inputShape: [1, 3],
      expectedOutputShape: [1, 3],
      input,
      expectedOutput: [[0.5 * (Math.exp(-1) - 1), 0, 2]],
    },
  );
  input.dispose();
});

test('matches tfjs-layers ELU (forward, gradient, config)', () => {
  const x = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
  expectParity(new ELU(), tfl.layers.elu(), x);
  expectConfigCompatible(new ELU(), tfl.layers.elu());
  x.dispose();
});
