import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, input } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

describe('UnsortedSegmentSum on wasm matches cpu', () => {
  test.each([
    [[6, 4], [6], 3],
    [[5, 2, 3], [5], 4],
    [[7], [7], 2],
  ])('x %j, segment ids %j, %i segments', async (xShape, idsShape, numSegments) => {
    const ids = input(idsShape, 13, [-1, numSegments + 1]); // some ids fall outside [0, numSegments): dropped
    await expectMatchesCpu(
      (x, i) => tf.unsortedSegmentSum(x!, i as tf.Tensor1D, numSegments),
      [input(xShape, 14), ids],
    );
  });

  test('int32 data keeps its dtype, ids out of range are dropped (by hand)', async () => {
    const out = tf.tidy(() =>
      tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4, 5], 'int32'), tf.tensor1d([0, 2, 0, -1, 3], 'int32'), 3),
    );
    expect(out.dtype).toBe('int32');
    expect(Array.from(await out.data())).toEqual([4, 0, 2]);
    out.dispose();
  });

  test('2-D segment ids follow TensorFlow: out[s] sums every x[i, j] with ids[i, j] = s (by hand)', async () => {
    // tfjs documents segmentIds as 1-D; its cpu kernel returns shape [3, 2] here, TensorFlow [3].
    const out = tf.tidy(() =>
      tf.unsortedSegmentSum(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        tf.tensor2d(
          [
            [0, 2],
            [2, 0],
          ],
          undefined,
          'int32',
        ) as never,
        3,
      ),
    );
    expect(out.shape).toEqual([3]);
    expect(Array.from(await out.data())).toEqual([5, 0, 5]);
    out.dispose();
  });

  test('a gather gradient (Embedding training) goes through it', async () => {
    const table = input([6, 3], 15);
    const ids = input([8], 16, [0, 6]);
    await expectMatchesCpu(
      (t, i) => tf.grad((p: tf.Tensor) => tf.sum(tf.square(tf.gather(p, i!))))(t!),
      [table, ids],
    );
  });
});
