import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectClose, expectMatchesCpu, input, runOn } from '../compare-with-cpu.js';
import '../index.js';
import { depthwiseCases, depthwiseOutShape } from './depthwise-test-cases.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

describe('DepthwiseConv2dNativeBackpropFilter on wasm matches cpu', () => {
  test.each(depthwiseCases)(
    'x %j, filter %j, strides %j, pad %j',
    async (xShape, filterShape, strides, pad) => {
      const attrs = { strides, pad, dilations: 1, filterShape };
      const [dw] = await expectMatchesCpu(
        (x, dy) =>
          tf
            .engine()
            .runKernel(
              tf.DepthwiseConv2dNativeBackpropFilter,
              { x: x!, dy: dy! },
              attrs as never,
            ) as tf.Tensor,
        [input(xShape, 3), input(depthwiseOutShape(xShape, filterShape, strides, pad), 4)],
      );
      expect(dw!.shape).toEqual(filterShape);
    },
  );

  test('with dilation 2 equals the undilated gradient of the zero-stuffed 5×5 filter at its taps', async () => {
    // A 3×3 filter dilated by 2 is a 5×5 filter with zeros between the taps; cpu's kernel ignores dilations, so
    // the reference is cpu's gradient for that 5×5 filter, read at rows and columns 0, 2, 4.
    const xShape = [1, 9, 9, 2];
    const dy = input(depthwiseOutShape(xShape, [3, 3, 2, 2], 1, 'same', 2), 5);
    const x = input(xShape, 6);
    const dilated = await runOn(
      'wasm',
      (a, b) =>
        tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x: a!, dy: b! }, {
          strides: 1,
          pad: 'same',
          dilations: 2,
          filterShape: [3, 3, 2, 2],
        } as never) as tf.Tensor,
      [x, dy],
    );
    const stuffed = await runOn(
      'cpu',
      (a, b) => {
        const full = tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x: a!, dy: b! }, {
          strides: 1,
          pad: 'same',
          dilations: 1,
          filterShape: [5, 5, 2, 2],
        } as never) as tf.Tensor;
        return tf.stridedSlice(full, [0, 0, 0, 0], [5, 5, 2, 2], [2, 2, 1, 1]);
      },
      [x, dy],
    );
    expectClose(dilated, stuffed);
  });
});
