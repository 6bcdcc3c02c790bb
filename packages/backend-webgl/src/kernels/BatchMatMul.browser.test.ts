import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, runOn, uniform } from './expect-matches-cpu.js';
import { stockKernels } from './index.js';

beforeAll(async () => {
  await tf.useBackend('webgl');
});

// tf.add(x, 1) on the GPU runs tfjs's packed add, which also adds 1 to the texels' padding: operands like the
// gradients and updated weights of a training step. With an odd shared dimension, tfjs 4.22's packed matMul adds
// padding(a) · padding(b) = 1 to every product.
const padded = (x: tf.Tensor) => tf.add(x, 1);

describe('BatchMatMul and _FusedMatMul on webgl with operands whose packed padding is not 0', () => {
  test.each([
    [[4, 3], [5, 3], false, true],
    [[4, 3], [3, 5], false, false],
    [[3, 4], [3, 5], true, false],
    [[3, 4], [5, 3], true, true],
    [[2, 4, 5], [2, 5, 3], false, false],
    [[2, 4, 5], [5, 3], false, false],
  ] as const)('a %j · b %j (transposeA %s, transposeB %s) matches cpu', async (aShape, bShape, ta, tb) => {
    const inputs = [uniform([...aShape], 1), uniform([...bShape], 2)];
    await expectMatchesCpu((a, b) => tf.matMul(padded(a!), padded(b!), ta, tb), inputs);
    await expectMatchesCpu(
      (a, b) =>
        tf.fused.matMul({ a: padded(a!), b: padded(b!), transposeA: ta, transposeB: tb, activation: 'relu' }),
      inputs,
    );
  });

  test('tfjs-backend-webgl 4.22 alone adds padding(a)·padding(b) = 1 to every product (why the wrapper exists)', async () => {
    const ours = tf.getKernel('BatchMatMul', 'webgl')!;
    const inputs = [uniform([4, 3], 3), uniform([5, 3], 4)];
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(padded(a), padded(b), false, true);
    const [cpu] = await runOn('cpu', f, inputs);
    tf.unregisterKernel('BatchMatMul', 'webgl');
    tf.registerKernel(stockKernels.get('BatchMatMul')!);
    try {
      const [stock] = await runOn('webgl', f, inputs);
      for (const [i, v] of stock!.values.entries()) expect(v - cpu!.values[i]!).toBeCloseTo(1, 5);
    } finally {
      tf.unregisterKernel('BatchMatMul', 'webgl');
      tf.registerKernel(ours);
    }
  });

  test('even shared dimensions and gradients are untouched', async () => {
    const inputs = [uniform([6, 4], 5), uniform([4, 3], 6)];
    await expectMatchesCpu((a, b) => tf.matMul(padded(a!), padded(b!)), inputs);
    await expectMatchesCpu(
      (a, b) => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([padded(a!), padded(b!)]),
      [uniform([5, 3], 7), uniform([3, 2], 8)],
    );
  });
});
