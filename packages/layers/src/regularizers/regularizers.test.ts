import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, expect, test } from 'vitest';
import { maxNorm, minMaxNorm, nonNeg, unitNorm } from '../constraints/index.js';
import { getRegularizer, l1l2 } from './index.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('l1, l2 and l1l2 penalties by hand', () => {
  const w = tf.tensor([1, -2, 3]);
  expect(getRegularizer('l1').apply(w).dataSync()[0]).toBeCloseTo(0.06);
  expect(getRegularizer('l2').apply(w).dataSync()[0]).toBeCloseTo(0.14);
  expect(l1l2({ l1: 1, l2: 0.5 }).apply(w).dataSync()[0]).toBeCloseTo(6 + 7);
  expect(() => getRegularizer('l3' as 'l1')).toThrow(/Valid names: 'l1', 'l2', 'l1l2'/);
});

test('constraints project weights as Keras does', () => {
  const w = tf.tensor2d([
    [3, 0],
    [4, -1],
  ]);
  // column norms 5 and 1
  tf.test_util.expectArraysClose(maxNorm({ maxValue: 2 }).apply(w).dataSync(), [1.2, 0, 1.6, -1], 1e-5);
  expect(nonNeg().apply(w).arraySync()).toEqual([
    [3, 0],
    [4, 0],
  ]);
  tf.test_util.expectArraysClose(unitNorm().apply(w).dataSync(), [0.6, 0, 0.8, -1], 1e-5);
  tf.test_util.expectArraysClose(
    minMaxNorm({ minValue: 2, maxValue: 4 }).apply(w).dataSync(),
    [2.4, 0, 3.2, -2],
    1e-5,
  );
});
