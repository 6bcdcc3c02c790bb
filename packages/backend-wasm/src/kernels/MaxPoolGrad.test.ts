import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, input } from '../compare-with-cpu.js';
import '../index.js';

type Pad = tf.MaxPoolGradAttrs['pad'];

beforeAll(async () => {
  await tf.useBackend('wasm');
});

const grad = (size: number, strides: number, pad: Pad) => (x: tf.Tensor) =>
  tf.grad((p: tf.Tensor) => {
    const pooled = tf.maxPool(p as tf.Tensor4D, size, strides, pad);
    // Distinct weights per output, so a gradient sent to the wrong input shows.
    return tf.sum(tf.mul(pooled, tf.reshape(tf.range(1, pooled.size + 1), pooled.shape)));
  })(x);

describe('MaxPoolGrad on wasm matches cpu', () => {
  test.each([
    [[2, 6, 6, 3], 2, 2, 'valid'],
    [[1, 5, 5, 2], 3, 2, 'same'],
    [[2, 7, 5, 1], 3, 1, 'same'],
    [[1, 8, 8, 4], 2, 3, 'valid'],
  ] as const)('x %j, pool %i, stride %i, %s (values in [-1, 1))', async (shape, size, strides, pad) => {
    await expectMatchesCpu(grad(size, strides, pad), [input([...shape], 31)]);
  });

  test('a window of negative values still gets its gradient (tfjs-backend-wasm 4.22 gives 0)', async () => {
    const dx = tf.tidy(() => grad(2, 2, 'valid')(tf.tensor4d([-3, -1, -2, -4], [1, 2, 2, 1])));
    expect(Array.from(await dx.data())).toEqual([0, 1, 0, 0]);
    dx.dispose();
  });

  test('a tie goes to the first input of its window, rows first, as on cpu', async () => {
    // Four 2×2 windows over equal values, weighted 1..4: each sends its weight to its top-left input.
    const dx = tf.tidy(() => grad(2, 1, 'valid')(tf.ones([1, 3, 3, 1])));
    expect(Array.from(await dx.data())).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0]);
    dx.dispose();
  });
});
