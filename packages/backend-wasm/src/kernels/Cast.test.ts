import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, fixed, input, specialValues } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

describe('Cast on wasm matches cpu', () => {
  test('float32 to bool is value !== 0 (tfjs-backend-wasm 4.22 stores -2.5 as 254, 256 and 1e-30 as 0)', async () => {
    const [out] = await expectMatchesCpu(
      (x) => tf.cast(x!, 'bool'),
      [fixed([0, -0, 1, -2.5, Number.NaN, 1e-30, 256, 0.5])],
    );
    expect(out!.values).toEqual([0, 0, 1, 1, 1, 1, 1, 1]);
    await expectMatchesCpu((x) => tf.cast(x!, 'bool'), [fixed(specialValues, [2, 5])]);
  });

  test('int32 to bool', async () => {
    await expectMatchesCpu((x) => tf.cast(x!, 'bool'), [fixed([0, 256, -2, 3, 512], [5], 'int32')]);
  });

  test('the other casts are untouched', async () => {
    await expectMatchesCpu((x) => tf.cast(x!, 'int32'), [fixed([1.7, -1.7, 0.5, -0.5, 3, 1e5])]);
    await expectMatchesCpu((x) => tf.cast(x!, 'float32'), [input([6], 1, [-100, 100])]);
    await expectMatchesCpu((x) => tf.cast(tf.cast(x!, 'bool'), 'float32'), [input([3, 4], 2)]);
  });
});
