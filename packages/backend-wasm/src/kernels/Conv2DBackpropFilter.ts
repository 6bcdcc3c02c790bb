import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type TensorInfo,
} from '@strata/core';
import { ConvWindows, convStrides } from './conv-windows.js';
import { defineWasmKernel, readValues } from './define-kernel.js';

/**
 * Gradient of conv2d with respect to the filter: `dW[r, c, i, o] = Σ_b,y,x  x[b, y·s + r − pad, x·s + c − pad, i] · dy[b, y, x, o]`.
 * Needed to train any Conv2D (and Conv2DTranspose) layer; tfjs-backend-wasm 4.22 has no such kernel.
 * NHWC and NCHW; tfjs's conv2d gradient rejects dilations > 1, so there are none here.
 */
export const conv2DBackpropFilter = defineWasmKernel<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>(
  Conv2DBackpropFilter,
  ({ x, dy }, { strides, pad, dataFormat, dimRoundingMode, filterShape }, backend) => {
    const info = backend_util.computeConv2DInfo(
      (x as TensorInfo).shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(dataFormat),
    );
    const xs = readValues(backend, x as TensorInfo);
    const dys = readValues(backend, dy as TensorInfo);
    const { inChannels, outChannels } = info;
    // Channel strides of x and dy: 1 in NHWC, a whole image plane in NCHW.
    const {
      x: [, , , xC],
      dy: [, , , dC],
    } = convStrides(info);
    // Float64 sums: the totals run over batch × output pixels, where float32 rounding would add up.
    const sums = new Float64Array(info.filterHeight * info.filterWidth * inChannels * outChannels);
    const windows = new ConvWindows(info);
    while (windows.next()) {
      const { dyAt, count, xAts, taps } = windows;
      for (let t = 0; t < count; t++) {
        const xAt = xAts[t];
        const wAt = taps[t] * inChannels * outChannels;
        for (let i = 0; i < inChannels; i++) {
          const xv = xs[xAt + i * xC];
          const row = wAt + i * outChannels;
          for (let o = 0; o < outChannels; o++) sums[row + o] += xv * dys[dyAt + o * dC];
        }
      }
    }
    return backend.makeOutput([...info.filterShape], 'float32', undefined, Float32Array.from(sums));
  },
);
