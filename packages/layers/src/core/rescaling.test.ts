import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Rescaling } from './rescaling.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: pixels to [-1, 1]', () => {
  const input = tf.tensor2d([[0, 127.5, 255]]);
  runLayerTest(
    Rescaling,
    { scale: 1 / 127.5, offset: -1 },
    { inputShape: [1, 3], expectedOutputShape: [1, 3], input, expectedOutput: [[-1, 0, 1]] },
  );
  input.dispose();
});

test('matches tfjs-layers Rescaling (forward, gradient, config)', () => {
  const x = tf.randomNormal([2, 4], 0, 1, 'float32', 3);
  expectParity(new Rescaling({ scale: 0.5, offset: 2 }), tfl.layers.rescaling({ scale: 0.5, offset: 2 }), x);
  expectConfigCompatible(
    new Rescaling({ scale: 0.5, offset: 2 }),
    tfl.layers.rescaling({ scale: 0.5, offset: 2 }),
  );
  x.dispose();
});

test('int inputs become float32; per-channel scale', () => {
  const y = new Rescaling({ scale: [1, 10] }).apply(tf.tensor2d([[2, 3]], undefined, 'int32'));
  expect(y.dtype).toBe('float32');
  expect(y.arraySync()).toEqual([[2, 30]]);
  y.dispose();
});

test('a non-number scale is rejected with the value', () => {
  expect(() => new Rescaling({ scale: '1/255' as any })).toThrow(/scale must be a finite number.*"1\/255"/);
});
