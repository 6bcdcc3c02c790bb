import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, specialValues, uniform, withFlag } from './expect-matches-cpu.js';

// The elementwise kernels made with unaryKernel (define-kernel.ts), each against cpu in headless Chromium's
// WebGL2 (SwiftShader), with the packed program (tfjs's default) and the unpacked one.
beforeAll(async () => {
  await tf.useBackend('webgl');
});

const special = { values: specialValues, shape: [2, 5] };
// [kernel, op, the pack flag its program follows, what tfjs-backend-webgl 4.22 got wrong]
const kernels: [string, (x: tf.Tensor) => tf.Tensor, string, string][] = [
  ['Relu', tf.relu, 'WEBGL_PACK_UNARY_OPERATIONS', 'relu(-Infinity) was NaN'],
  ['Relu6', tf.relu6, 'WEBGL_PACK_UNARY_OPERATIONS', 'relu6(-Infinity) was NaN'],
  ['Elu', tf.elu, 'WEBGL_PACK_UNARY_OPERATIONS', 'elu(NaN) was Infinity'],
  ['Selu', tf.selu, 'WEBGL_PACK_UNARY_OPERATIONS', 'selu(NaN) was Infinity'],
  ['Softplus', tf.softplus, 'WEBGL_PACK_UNARY_OPERATIONS', 'softplus(NaN) was Infinity'],
  ['LeakyRelu', (x) => tf.leakyRelu(x, 0.2), 'WEBGL_PACK_BINARY_OPERATIONS', 'leakyRelu(±Infinity) was NaN'],
  ['Log1p', tf.log1p, 'WEBGL_PACK_UNARY_OPERATIONS', 'log1p(-Infinity) was 88.7'],
  ['ClipByValue', (x) => tf.clipByValue(x, -1, 1), 'WEBGL_PACK_CLIP', 'Infinity next to NaN was not clipped'],
];

describe.each(kernels)('%s on webgl matches cpu', (_kernel, op, packFlag, was) => {
  test.each([true, false])(`NaN, ±Infinity, ±0, 1e30 (${was}); packed: %s`, async (packed) => {
    await withFlag(packFlag, packed, () => expectMatchesCpu(op, [special]).then(() => {}));
  });

  test('random values of every rank from 0 to 5, and the gradient', async () => {
    for (const shape of [[], [7], [3, 5], [2, 3, 3], [2, 1, 3, 2], [1, 2, 3, 1, 3]]) {
      await expectMatchesCpu(op, [uniform(shape, shape.length, -3, 3)]);
    }
    await expectMatchesCpu((x) => tf.grad((t: tf.Tensor) => tf.sum(op(t)))(x), [uniform([3, 4], 7, -3, 3)]);
  });
});

describe('edge values of the fixes', () => {
  test('log1p is -Infinity at -1 and NaN below, like cpu', async () => {
    const [out] = await expectMatchesCpu(tf.log1p, [{ values: [-1, -1.5, -0.5, 0, 1e-7], shape: [5] }]);
    expect(out!.slice(0, 2)).toEqual([Number.NEGATIVE_INFINITY, Number.NaN]);
  });

  test("a clip's bounds are uniforms: other bounds give other results from the same compiled program", async () => {
    await expectMatchesCpu((x) => tf.clipByValue(x, 1e-7, 1 - 1e-7), [special]);
    await expectMatchesCpu((x) => tf.clipByValue(x, -0.5, 0.25), [uniform([4, 4], 3)]);
    await expectMatchesCpu((x) => tf.leakyRelu(x, 0.01), [uniform([4, 4], 4)]);
  });
});
