import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, fixed, input } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

const ids = fixed([0, 2, -1, 7, 1], [5], 'int32');

describe('OneHot on wasm matches cpu', () => {
  test('float32 label smoothing 0.9 / 0.05 (tfjs-backend-wasm 4.22 gives all zeros)', async () => {
    const [out] = await expectMatchesCpu((i) => tf.oneHot(i!, 3, 0.9, 0.05, 'float32'), [ids]);
    expect(out!.values.slice(0, 6)).toEqual([0.9, 0.05, 0.05, 0.05, 0.05, 0.9].map(Math.fround));
  });

  test('float32 with the default 1 / 0 (tfjs-backend-wasm 4.22 gives 1.4e-45 for 1)', async () => {
    const [out] = await expectMatchesCpu((i) => tf.oneHot(i!, 4, 1, 0, 'float32'), [ids]);
    expect(out!.values.slice(0, 4)).toEqual([1, 0, 0, 0]);
  });

  test('int32, ids out of range give a row of offValue, rank-2 ids', async () => {
    await expectMatchesCpu((i) => tf.oneHot(i!, 5), [ids]);
    await expectMatchesCpu((i) => tf.oneHot(i!, 4, 3, -1), [input([2, 3], 1, [-1, 5])]);
    await expectMatchesCpu((i) => tf.oneHot(i!, 3), [fixed([], [0], 'int32')]);
  });
});
