import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, fixed, input, specialValues } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

// 1003 values: NaNs at the start, inside and after the last 16-byte block of the SIMD scan.
const withNaNsAt = (positions: number[]) => {
  const values = Array.from(input([1003], 5).values, (v) => v * 8 - 1);
  for (const p of positions) values[p] = Number.NaN;
  return fixed(values);
};

describe('Relu6 on wasm matches cpu', () => {
  test('values around 0 and 6, and its gradient', async () => {
    const x = fixed(
      Array.from(input([4, 5], 3).values, (v) => v * 5 + 3),
      [4, 5],
    );
    await expectMatchesCpu((t) => tf.relu6(t!), [x]);
    await expectMatchesCpu((t) => tf.grad((u: tf.Tensor) => tf.sum(tf.relu6(u)))(t!), [x]);
  });

  test('NaN stays NaN, ±Infinity and 1e30 saturate (tfjs-backend-wasm 4.22 gives 0 for NaN)', async () => {
    const [out] = await expectMatchesCpu((t) => tf.relu6(t!), [fixed(specialValues)]);
    expect(out!.values.slice(0, 3)).toEqual([Number.NaN, 6, 0]);
  });

  test.each([[[0]], [[1001]], [[1002]], [[7, 500, 999]]])('NaN at %j of 1003 values', async (at) => {
    await expectMatchesCpu((t) => tf.relu6(t!), [withNaNsAt(at)]);
  });
});
