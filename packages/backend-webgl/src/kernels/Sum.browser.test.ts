import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, uniform } from './expect-matches-cpu.js';

beforeAll(async () => {
  await tf.useBackend('webgl');
});

describe('Sum on webgl matches cpu', () => {
  test('the sum over an empty axis is 0 (tfjs-backend-webgl 4.22 throws "new shape (NaN,0)")', async () => {
    const [out] = await expectMatchesCpu((x) => tf.sum(x, 0), [{ values: [], shape: [0, 3] }]);
    expect(out).toEqual([0, 0, 0]);
    await expectMatchesCpu((x) => tf.sum(x, 0, true), [{ values: [], shape: [0, 3] }]);
    await expectMatchesCpu((x) => tf.sum(x), [{ values: [], shape: [2, 0] }]);
    await expectMatchesCpu((x) => tf.sum(x, 1), [{ values: [], shape: [2, 0, 3] }]);
    await expectMatchesCpu((x) => tf.sum(x, 0), [{ values: [], shape: [0, 2], dtype: 'int32' }]);
  });

  test('non-empty sums are untouched', async () => {
    await expectMatchesCpu((x) => tf.sum(x, [1, 2]), [uniform([2, 3, 3, 4], 1)]);
    await expectMatchesCpu((x) => tf.sum(x, 1, true), [uniform([3, 4], 2)]);
  });
});
