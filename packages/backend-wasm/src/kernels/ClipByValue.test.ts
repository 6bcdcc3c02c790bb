import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, fixed, input, specialValues } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

describe('ClipByValue on wasm matches cpu', () => {
  test('[-0.5, 0.5] on [3, 4], and its gradient', async () => {
    await expectMatchesCpu((t) => tf.clipByValue(t!, -0.5, 0.5), [input([3, 4], 8)]);
    await expectMatchesCpu(
      (t) => tf.grad((u: tf.Tensor) => tf.sum(tf.clipByValue(u, -0.5, 0.5)))(t!),
      [input([3, 4], 8)],
    );
  });

  test("a cross-entropy's clip keeps NaN (tfjs-backend-wasm 4.22 gives the lower bound)", async () => {
    const [out] = await expectMatchesCpu((t) => tf.clipByValue(t!, 1e-7, 1 - 1e-7), [fixed(specialValues)]);
    expect(out!.values[0]).toBeNaN();
    expect(out!.values[1]).toBeCloseTo(1 - 1e-7, 7);
  });

  test('NaN in the last values of a long tensor (after the SIMD blocks)', async () => {
    const values = Array.from(input([2, 515], 9).values);
    values[1029] = Number.NaN;
    values[3] = Number.NaN;
    await expectMatchesCpu((t) => tf.clipByValue(t!, -0.1, 0.1), [fixed(values, [2, 515])]);
  });
});
