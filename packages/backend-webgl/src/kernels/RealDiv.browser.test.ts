import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, specialValues, uniform, withFlag } from './expect-matches-cpu.js';

beforeAll(async () => {
  await tf.useBackend('webgl');
});

const specialB = [0, 2.5, Number.NaN, -Infinity, 1e30, -0, Infinity, -1, 1e-30, -1e30];

describe.each([true, false])('RealDiv on webgl matches cpu (packed: %s)', (packed) => {
  const run = (body: () => Promise<unknown>) =>
    withFlag('WEBGL_PACK_BINARY_OPERATIONS', packed, async () => {
      await body();
    });

  test('0/0 and Infinity/Infinity are NaN (tfjs-backend-webgl 4.22 gives 1); x/x is exactly 1', async () => {
    await run(async () => {
      const [out] = await expectMatchesCpu(tf.div, [
        { values: [1, -1, 0, 2, Infinity, -Infinity, 3.3, 1e-30], shape: [8] },
        { values: [0, 0, 0, -0, Infinity, Infinity, 3.3, 1e-30], shape: [8] },
      ]);
      expect(out).toEqual([Infinity, -Infinity, Number.NaN, -Infinity, Number.NaN, Number.NaN, 1, 1]);
    });
  });

  test('special values against each other', async () => {
    await run(() =>
      expectMatchesCpu(tf.div, [
        { values: specialValues, shape: [10] },
        { values: specialB, shape: [10] },
      ]),
    );
  });

  test.each([
    [
      [3, 4],
      [3, 4],
    ],
    [[2, 3], [3]],
    [
      [2, 1],
      [1, 3],
    ],
    [[2, 3], []],
    [[], [5]],
    [
      [2, 3, 5],
      [3, 1],
    ],
    [
      [2, 1, 3, 1, 5],
      [2, 3, 4, 1],
    ],
  ])('broadcast %j / %j, and the gradient', async (aShape, bShape) => {
    await run(async () => {
      const inputs = [uniform(aShape, 1), uniform(bShape, 2, 0.5, 3)];
      await expectMatchesCpu(tf.div, inputs);
      await expectMatchesCpu(
        (a, b) => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.div(x, y)))([a!, b!]),
        inputs,
      );
    });
  });
});
