import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Concatenate } from './concatenate.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: [1, 2] and [1, 3] → [1, 5]', () => {
  const input = [tf.tensor2d([[1, 2]]), tf.tensor2d([[3, 4, 5]])];
  runLayerTest(
    Concatenate,
    {},
    {
      inputShape: [
        [1, 2],
        [1, 3],
      ],
      expectedOutputShape: [1, 5],
      input,
      expectedOutput: [[1, 2, 3, 4, 5]],
    },
  );
  tf.dispose(input);
});

test.each([-1, 1])('matches tfjs-layers Concatenate on axis %i (forward, gradients, config)', (axis) => {
  const input = [
    tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1),
    tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2),
  ];
  expectParity(new Concatenate({ axis }), tfl.layers.concatenate({ axis }), input);
  expectConfigCompatible(new Concatenate({ axis }), tfl.layers.concatenate({ axis }));
  tf.dispose(input);
});

test('computeOutputShape sums the axis and keeps unknown sizes unknown', () => {
  const layer = new Concatenate({ axis: 1 });
  expect(
    layer.computeOutputShape([
      [null, 2, 4],
      [null, 3, 4],
    ]),
  ).toEqual([null, 5, 4]);
  expect(
    layer.computeOutputShape([
      [null, null, 4],
      [null, 3, 4],
    ]),
  ).toEqual([null, null, 4]);
});

test('mismatches on another axis or rank explain the fix', () => {
  const a = tf.zeros([2, 3, 4]);
  const b = tf.zeros([2, 5, 6]);
  const c = tf.zeros([2, 4]);
  expect(() => new Concatenate().apply([a, b])).toThrow(
    /axis 2.*got shape \[2, 5, 6\].*differ on axis 1: .*\(axis: 1\)/,
  );
  expect(() => new Concatenate().apply([a, c])).toThrow(/same rank/);
  expect(() => new Concatenate({ axis: 3 }).apply([a, a])).toThrow(
    /axis 3 is out of range for an input of rank 3/,
  );
  tf.dispose([a, b, c]);
});
