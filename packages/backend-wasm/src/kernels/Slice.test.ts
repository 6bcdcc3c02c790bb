import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, input } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

describe('Slice on wasm matches cpu', () => {
  test('contiguous slices (rows of a batch) take the heap-to-heap path', async () => {
    await expectMatchesCpu((x) => tf.slice(x!, 3, 4), [input([10, 5, 3], 1)]);
    await expectMatchesCpu((x) => tf.slice(x!, [2, 0], [3, 6]), [input([7, 6], 2)]);
    await expectMatchesCpu((x) => tf.slice(x!, [1, 2, 0], [1, 2, 4]), [input([3, 4, 4], 3)]);
    await expectMatchesCpu((x) => tf.slice(x!, 0, 0), [input([4, 2], 4)]);
  });

  test('non-contiguous slices and int32 values still go through the stock kernel', async () => {
    await expectMatchesCpu((x) => tf.slice(x!, [1, 1], [2, 3]), [input([4, 5], 5)]);
    await expectMatchesCpu((x) => tf.slice(x!, [0, 1, 1], [2, 2, 2]), [input([3, 4, 3], 6)]);
    const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const rows = tf.slice(ints, 1, 2);
    expect(rows.dtype).toBe('int32');
    expect(await rows.array()).toEqual([
      [3, 4],
      [5, 6],
    ]);
    tf.dispose([ints, rows]);
  });

  test('slicing a slice of a large tensor leaks nothing', () => {
    const big = tf.ones([1000, 28, 28]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) tf.dispose(tf.slice(big, i * 32, 32));
    expect(tf.memory().numTensors).toBe(before);
    big.dispose();
  });
});
