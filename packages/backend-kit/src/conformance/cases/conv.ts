import * as tf from '@strata/core';
import { type ConformanceCase, f32, kernelCase, opCases } from '../case.js';

// Conv1D/Conv2D, depthwise and separable convolutions, Conv2DTranspose, and the backprop kernels their
// gradients dispatch.
const family = 'conv';
type Pad = 'valid' | 'same' | number;
const conv2d =
  (strides: number, pad: Pad, dilations = 1) =>
  (x: tf.Tensor, w: tf.Tensor) =>
    tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad, 'NHWC', dilations);
const depthwise =
  (strides: number, pad: 'valid' | 'same', dilations = 1) =>
  (x: tf.Tensor, w: tf.Tensor) =>
    tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad, 'NHWC', dilations);

export const convCases: ConformanceCase[] = [
  ...opCases(family, 'Conv2D', '3x3 valid', [f32([2, 5, 5, 3]), f32([3, 3, 3, 4])], conv2d(1, 'valid'), {
    grad: true,
  }),
  ...opCases(
    family,
    'Conv2D',
    '3x3 same stride 2',
    [f32([2, 6, 6, 2]), f32([3, 3, 2, 3])],
    conv2d(2, 'same'),
    {
      grad: true,
    },
  ),
  // tfjs 4.22 has no gradient for dilated conv2d.
  ...opCases(family, 'Conv2D', 'dilation 2', [f32([1, 7, 7, 2]), f32([3, 3, 2, 2])], conv2d(1, 'valid', 2)),
  ...opCases(family, 'Conv2D', 'explicit pad 1', [f32([1, 4, 4, 2]), f32([3, 3, 2, 2])], conv2d(1, 1)),
  ...opCases(family, 'Conv2D', '1x1 filter', [f32([2, 3, 3, 4]), f32([1, 1, 4, 5])], conv2d(1, 'valid'), {
    grad: true,
  }),
  ...opCases(
    family,
    'Conv2D',
    'one channel, size-1 batch',
    [f32([1, 4, 4, 1]), f32([2, 2, 1, 1])],
    conv2d(1, 'valid'),
  ),
  ...opCases(
    family,
    'Conv2D',
    'conv1d same',
    [f32([2, 8, 3]), f32([3, 3, 4])],
    (x, w) => tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 1, 'same'),
    { grad: true },
  ),
  ...opCases(
    family,
    'Conv2D',
    'conv1d stride 2 causal-style valid',
    [f32([1, 9, 2]), f32([2, 2, 3])],
    (x, w) => tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 2, 'valid'),
  ),
  kernelCase(
    family,
    'Conv2DBackpropInput',
    'valid',
    { dy: f32([2, 3, 3, 4]), filter: f32([3, 3, 3, 4]) },
    { inputShape: [2, 5, 5, 3], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
  ),
  kernelCase(
    family,
    'Conv2DBackpropInput',
    'same stride 2',
    { dy: f32([1, 3, 3, 3]), filter: f32([3, 3, 2, 3]) },
    { inputShape: [1, 6, 6, 2], strides: [2, 2], pad: 'same', dataFormat: 'NHWC' },
  ),
  ...opCases(
    family,
    'Conv2DBackpropInput',
    'conv2dTranspose stride 2 same',
    [f32([1, 3, 3, 4]), f32([3, 3, 2, 4])],
    (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [1, 6, 6, 2], 2, 'same'),
    { grad: true },
  ),
  kernelCase(
    family,
    'Conv2DBackpropFilter',
    'valid',
    { x: f32([2, 5, 5, 3]), dy: f32([2, 3, 3, 4]) },
    { filterShape: [3, 3, 3, 4], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
  ),
  kernelCase(
    family,
    'Conv2DBackpropFilter',
    'same stride 2',
    { x: f32([1, 6, 6, 2]), dy: f32([1, 3, 3, 3]) },
    { filterShape: [3, 3, 2, 3], strides: [2, 2], pad: 'same', dataFormat: 'NHWC' },
  ),

  ...opCases(
    family,
    'DepthwiseConv2dNative',
    '3x3 same',
    [f32([2, 5, 5, 3]), f32([3, 3, 3, 2])],
    depthwise(1, 'same'),
    {
      grad: true,
    },
  ),
  ...opCases(
    family,
    'DepthwiseConv2dNative',
    'stride 2 valid',
    [f32([1, 6, 6, 2]), f32([2, 2, 2, 1])],
    depthwise(2, 'valid'),
    {
      grad: true,
    },
  ),
  ...opCases(
    family,
    'DepthwiseConv2dNative',
    'dilation 2',
    [f32([1, 7, 7, 2]), f32([3, 3, 2, 1])],
    depthwise(1, 'valid', 2),
  ),
  kernelCase(
    family,
    'DepthwiseConv2dNativeBackpropInput',
    'same',
    { dy: f32([2, 5, 5, 6]), filter: f32([3, 3, 3, 2]) },
    { inputShape: [2, 5, 5, 3], strides: [1, 1], dilations: [1, 1], pad: 'same' },
  ),
  kernelCase(
    family,
    'DepthwiseConv2dNativeBackpropFilter',
    'same',
    { x: f32([2, 5, 5, 3]), dy: f32([2, 5, 5, 6]) },
    { filterShape: [3, 3, 3, 2], strides: [1, 1], dilations: [1, 1], pad: 'same' },
  ),
  ...opCases(
    family,
    'separableConv2d',
    '3x3 same, multiplier 2',
    [f32([2, 5, 5, 3]), f32([3, 3, 3, 2]), f32([1, 1, 6, 4])],
    (x, d, p) => tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'same'),
    { grad: true },
  ),

  ...opCases(
    family,
    'FusedConv2D',
    'bias, relu',
    [f32([2, 5, 5, 3]), f32([3, 3, 3, 4]), f32([4])],
    (x, filter, bias) =>
      tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: filter as tf.Tensor4D,
        bias,
        strides: 1,
        pad: 'same',
        activation: 'relu',
      }),
  ),
  ...opCases(
    family,
    'FusedConv2D',
    'bias, linear, stride 2',
    [f32([1, 6, 6, 2]), f32([3, 3, 2, 3]), f32([3])],
    (x, filter, bias) =>
      tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, bias, strides: 2, pad: 'valid' }),
  ),
  ...opCases(
    family,
    'FusedDepthwiseConv2D',
    'bias, relu',
    [f32([2, 5, 5, 3]), f32([3, 3, 3, 1]), f32([3])],
    (x, filter, bias) =>
      tf.fused.depthwiseConv2d({
        x: x as tf.Tensor4D,
        filter: filter as tf.Tensor4D,
        bias,
        strides: 1,
        pad: 'same',
        activation: 'relu',
      }),
  ),
];
