import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectClose, expectMatchesCpu, input, runOn } from '../compare-with-cpu.js';
import '../index.js';
import { depthwiseCases, depthwiseOutShape } from './depthwise-test-cases.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

describe('DepthwiseConv2dNativeBackpropInput on wasm matches cpu', () => {
  test.each(depthwiseCases)(
    'input %j, filter %j, strides %j, pad %j',
    async (inputShape, filterShape, strides, pad) => {
      const attrs = { strides, pad, dilations: 1, inputShape };
      const [dx] = await expectMatchesCpu(
        (dy, w) =>
          tf
            .engine()
            .runKernel(
              tf.DepthwiseConv2dNativeBackpropInput,
              { dy: dy!, filter: w! },
              attrs as never,
            ) as tf.Tensor,
        [input(depthwiseOutShape(inputShape, filterShape, strides, pad), 7), input(filterShape, 8)],
      );
      expect(dx!.shape).toEqual(inputShape);
    },
  );

  test('is what tf.grads uses for the input of a depthwise convolution', async () => {
    const x = input([2, 6, 6, 2], 9);
    const w = input([3, 3, 2, 2], 10);
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
    await expectMatchesCpu((a, b) => tf.grads(f)([a!, b!]), [x, w]);
  });

  test('with dilation 2 equals the undilated gradient through the zero-stuffed 5×5 filter', async () => {
    const inputShape: [number, number, number, number] = [1, 9, 9, 2];
    const dy = input(depthwiseOutShape(inputShape, [3, 3, 2, 1], 1, 'same', 2), 11);
    const w = input([3, 3, 2, 1], 12);
    const dilated = await runOn(
      'wasm',
      (a, b) =>
        tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy: a!, filter: b! }, {
          strides: 1,
          pad: 'same',
          dilations: 2,
          inputShape,
        } as never) as tf.Tensor,
      [dy, w],
    );
    const stuffed = await runOn(
      'cpu',
      (a, b) => {
        // Put the 3×3 taps at rows and columns 0, 2, 4 of a 5×5 filter of zeros.
        const wide = tf
          .reshape(tf.stack([b!, tf.zerosLike(b!)], 2), [3, 6, 2, 1])
          .slice([0, 0, 0, 0], [3, 5, 2, 1]);
        const tall = tf
          .reshape(tf.stack([wide, tf.zerosLike(wide)], 1), [6, 5, 2, 1])
          .slice([0, 0, 0, 0], [5, 5, 2, 1]);
        return tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy: a!, filter: tall }, {
          strides: 1,
          pad: 'same',
          dilations: 1,
          inputShape,
        } as never) as tf.Tensor;
      },
      [dy, w],
    );
    expectClose(dilated, stuffed);
  });
});
