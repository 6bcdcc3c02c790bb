import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, fixed, input } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

describe('Sum on wasm matches cpu', () => {
  test('the sum over an empty axis is 0 (tfjs-backend-wasm 4.22 returns unwritten memory)', async () => {
    // Dirty the heap first, so a kernel that skips writing its output shows.
    tf.tidy(() => tf.fill([64], Number.NaN).dataSync());
    const [out] = await expectMatchesCpu((x) => tf.sum(x!, 0), [fixed([], [0, 3])]);
    expect(out!.values).toEqual([0, 0, 0]);
    await expectMatchesCpu((x) => tf.sum(x!, 0, true), [fixed([], [0, 3])]);
    await expectMatchesCpu((x) => tf.sum(x!), [fixed([], [2, 0])]);
    await expectMatchesCpu((x) => tf.sum(x!, 1), [fixed([], [2, 0, 3])]);
  });

  test('int32 and bool inputs with an empty axis', async () => {
    await expectMatchesCpu((x) => tf.sum(x!, 0), [fixed([], [0, 2], 'int32')]);
    const out = tf.tidy(() => tf.sum(tf.zeros([0, 4], 'bool'), 0));
    expect(out.dtype).toBe('int32');
    expect(Array.from(await out.data())).toEqual([0, 0, 0, 0]);
    out.dispose();
  });

  test('non-empty sums are untouched', async () => {
    await expectMatchesCpu((x) => tf.sum(x!, [1, 2]), [input([2, 3, 3, 4], 1)]);
    await expectMatchesCpu((x) => tf.sum(x!, 1, true), [input([3, 4], 2, [-5, 5])]);
  });
});
