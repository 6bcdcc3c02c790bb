// Test helper (not exported by the package): the shapes both depthwise gradient tests run through.
import * as tf from '@strata/core';

export type Pad = tf.DepthwiseConv2dNativeBackpropFilterAttrs['pad'];
type Shape4D = [number, number, number, number];

/** dy's shape for a depthwise convolution of x with the filter. */
export const depthwiseOutShape = (
  x: number[],
  filter: number[],
  strides: number | [number, number],
  pad: Pad,
  dilations = 1,
) =>
  tf.backend_util.computeConv2DInfo(x as never, filter as never, strides, dilations, pad, undefined, true)
    .outShape;

/** [x shape, filter shape [fh, fw, in, multiplier], strides, pad]: square and not, strided, each padding kind. */
export const depthwiseCases: [Shape4D, Shape4D, number | [number, number], Pad][] = [
  [[2, 7, 7, 3], [3, 3, 3, 1], 1, 'same'],
  [[1, 8, 9, 2], [2, 2, 2, 3], 2, 'valid'],
  [[2, 9, 6, 3], [3, 2, 3, 2], [2, 1], 'same'],
  [[1, 5, 5, 2], [3, 3, 2, 2], 1, 1],
];
