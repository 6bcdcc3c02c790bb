import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type TensorInfo,
} from '@strata/core';
import { ConvWindows, depthwiseConvInfo } from './conv-windows.js';
import { defineWasmKernel, readValues } from './define-kernel.js';

/**
 * Gradient of depthwiseConv2d with respect to its input: every dy value flows back to the input pixels its
 * window read, `dx[b, y·s + r·d − pad, x·s + c·d − pad, i] += Σ_m dy[b, y, x, i·multiplier + m] · w[r, c, i, m]`.
 * Needed to train any layer stacked before a DepthwiseConv2D or SeparableConv2D; tfjs-backend-wasm 4.22 lacks it.
 */
export const depthwiseConv2dNativeBackpropInput = defineWasmKernel<
  DepthwiseConv2dNativeBackpropInputInputs,
  DepthwiseConv2dNativeBackpropInputAttrs
>(DepthwiseConv2dNativeBackpropInput, ({ dy, filter }, attrs, backend) => {
  const filterInfo = filter as TensorInfo;
  const info = depthwiseConvInfo(attrs.inputShape, filterInfo.shape, attrs);
  const dys = readValues(backend, dy as TensorInfo);
  const ws = readValues(backend, filterInfo);
  const { inChannels, outChannels } = info;
  const multiplier = outChannels / inChannels;
  const sums = new Float64Array(info.batchSize * info.inHeight * info.inWidth * inChannels);
  const windows = new ConvWindows(info);
  while (windows.next()) {
    const { dyAt, count, xAts, taps } = windows;
    for (let t = 0; t < count; t++) {
      const dxAt = xAts[t]; // dx has x's shape, so x's offsets are dx's
      const wAt = taps[t] * outChannels;
      for (let i = 0; i < inChannels; i++) {
        let sum = 0;
        for (let m = 0; m < multiplier; m++) {
          const o = i * multiplier + m;
          sum += dys[dyAt + o] * ws[wAt + o];
        }
        sums[dxAt + i] += sum;
      }
    }
  }
  return backend.makeOutput([...info.inShape], 'float32', undefined, Float32Array.from(sums));
});
