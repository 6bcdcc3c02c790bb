import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Softmax } from './softmax.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: equal logits give equal probabilities', () => {
  const input = tf.tensor2d([[2, 2, 2, 2]]);
  runLayerTest(
    Softmax,
    {},
    { inputShape: [1, 4], expectedOutputShape: [1, 4], input, expectedOutput: [[0.25, 0.25, 0.25, 0.25]] },
  );
  input.dispose();
});

test.each([-1, [1, 2]])('matches tfjs-layers Softmax over axis %j', (axis) => {
  const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 4);
  expectParity(new Softmax({ axis }), tfl.layers.softmax({ axis: axis as number }), x);
  expectConfigCompatible(new Softmax({ axis }), tfl.layers.softmax({ axis: axis as number }));
  x.dispose();
});

test('a non-last axis (tfjs-layers cannot) equals the last-axis softmax of the transposed input', () => {
  tf.tidy(() => {
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 4);
    const y = new Softmax({ axis: 1 }).apply(x);
    const expected = tf.softmax(x.transpose([0, 2, 1])).transpose([0, 2, 1]);
    tf.test_util.expectArraysClose(y.arraySync() as number[], expected.arraySync() as number[], 1e-6);
  });
});

test('a mask gives masked positions ~0 probability', () => {
  const layer = new Softmax();
  const y = tf.tidy(() =>
    layer.apply(tf.tensor2d([[1, 5, 1]]), { mask: tf.tensor2d([[1, 0, 1]]) }).arraySync(),
  );
  tf.test_util.expectArraysClose(y, [[0.5, 0, 0.5]], 1e-6);
});

test('an axis out of range names the layer and the valid range', () => {
  const x = tf.zeros([2, 3]);
  expect(() => new Softmax({ axis: 2 }).apply(x)).toThrow(
    /Softmax.*axis 2 is out of range for an input of rank 2 \(valid: -2 to 1\)/,
  );
  x.dispose();
});
