import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, input } from '../compare-with-cpu.js';
import '../index.js';

type Pad = tf.Conv2DBackpropFilterAttrs['pad'];

beforeAll(async () => {
  await tf.useBackend('wasm');
});

// [x shape (NHWC), filter shape, strides, pad, data format]
const cases: [number[], [number, number, number, number], number | [number, number], Pad, 'NHWC' | 'NCHW'][] =
  [
    [[2, 7, 7, 3], [3, 3, 3, 4], 1, 'same', 'NHWC'],
    [[1, 8, 9, 2], [2, 2, 2, 5], 2, 'valid', 'NHWC'],
    [[2, 9, 6, 3], [3, 2, 3, 2], [2, 1], 'same', 'NHWC'],
    [[1, 6, 6, 1], [5, 5, 1, 3], 3, 'same', 'NHWC'],
    [[2, 5, 5, 2], [3, 3, 2, 2], 1, 1, 'NHWC'],
    [[2, 7, 7, 3], [3, 3, 3, 4], 2, 'same', 'NCHW'],
    [[1, 6, 8, 2], [2, 3, 2, 3], 1, 'valid', 'NCHW'],
  ];

describe('Conv2DBackpropFilter on wasm matches cpu', () => {
  test.each(cases)(
    'x %j, filter %j, strides %j, pad %j, %s',
    async (nhwc, filterShape, strides, pad, dataFormat) => {
      const [b, h, w, c] = nhwc as [number, number, number, number];
      const xShape: [number, number, number, number] = dataFormat === 'NHWC' ? [b, h, w, c] : [b, c, h, w];
      const info = tf.backend_util.computeConv2DInfo(
        xShape,
        filterShape,
        strides,
        1,
        pad,
        undefined,
        false,
        tf.backend_util.convertConv2DDataFormat(dataFormat),
      );
      const attrs = { strides, pad, dataFormat, filterShape };
      const [dw] = await expectMatchesCpu(
        (x, dy) =>
          tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: x!, dy: dy! }, attrs as never) as tf.Tensor,
        [input(xShape, 1), input(info.outShape, 2)],
      );
      expect(dw!.shape).toEqual(filterShape);
    },
  );

  test('is what tf.grads uses for a Conv2D filter gradient', async () => {
    const grad = tf.grad((w: tf.Tensor) =>
      tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid')),
    );
    const dw = tf.tidy(() => grad(tf.ones([2, 2, 1, 1])));
    // Each filter tap sees 3×3 output pixels of an all-ones input: 9 (by hand).
    expect(Array.from(await dw.data())).toEqual([9, 9, 9, 9]);
    dw.dispose();
  });
});
