import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, fixed, input, specialValues } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

describe('Sign on wasm matches cpu', () => {
  test('small values keep their sign (tfjs-backend-wasm 4.22 gives 0 for 1e-10 and 1e-30)', async () => {
    const [out] = await expectMatchesCpu(
      (x) => tf.sign(x!),
      [fixed([1e-10, -1e-10, 1e-30, -1e-38, 1e-3, 5e-4])],
    );
    expect(out!.values).toEqual([1, -1, 1, -1, 1, 1]);
  });

  test('NaN, ±Infinity, ±0, 1e30 as on cpu (NaN gives 0 there)', async () => {
    await expectMatchesCpu((x) => tf.sign(x!), [fixed(specialValues)]);
  });

  test('random float32 and int32, empty', async () => {
    await expectMatchesCpu((x) => tf.sign(x!), [input([3, 4], 1)]);
    await expectMatchesCpu((x) => tf.sign(x!), [input([6], 2, [-3, 3])]);
    await expectMatchesCpu((x) => tf.sign(x!), [fixed([], [0, 2])]);
  });
});
