import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type TensorInfo,
} from '@strata/core';
import { ConvWindows, depthwiseConvInfo } from './conv-windows.js';
import { defineWasmKernel, readValues } from './define-kernel.js';

/**
 * Gradient of depthwiseConv2d with respect to the filter [fh, fw, inChannels, multiplier]:
 * `dW[r, c, i, m] = Σ_b,y,x  x[b, y·s + r·d − pad, x·s + c·d − pad, i] · dy[b, y, x, i·multiplier + m]`.
 * Needed to train DepthwiseConv2D and SeparableConv2D layers; tfjs-backend-wasm 4.22 has no such kernel. NHWC only,
 * as tfjs's depthwise ops; dilations are honoured (d above), though tfjs's own gradient only asks for 1.
 */
export const depthwiseConv2dNativeBackpropFilter = defineWasmKernel<
  DepthwiseConv2dNativeBackpropFilterInputs,
  DepthwiseConv2dNativeBackpropFilterAttrs
>(DepthwiseConv2dNativeBackpropFilter, ({ x, dy }, attrs, backend) => {
  const xInfo = x as TensorInfo;
  const info = depthwiseConvInfo(xInfo.shape, attrs.filterShape, attrs);
  const xs = readValues(backend, xInfo);
  const dys = readValues(backend, dy as TensorInfo);
  const { inChannels, outChannels } = info;
  const multiplier = outChannels / inChannels;
  const sums = new Float64Array(info.filterHeight * info.filterWidth * outChannels); // [fh, fw, in, mult] flattened
  const windows = new ConvWindows(info);
  while (windows.next()) {
    const { dyAt, count, xAts, taps } = windows;
    for (let t = 0; t < count; t++) {
      const xAt = xAts[t]!;
      const wAt = taps[t]! * outChannels;
      // Output channel o = i·multiplier + m, and the filter's last two axes flatten the same way.
      for (let i = 0; i < inChannels; i++) {
        const xv = xs[xAt + i];
        for (let m = 0; m < multiplier; m++) {
          const o = i * multiplier + m;
          sums[wAt + o] += xv * dys[dyAt + o];
        }
      }
    }
  }
  return backend.makeOutput([...attrs.filterShape], 'float32', undefined, Float32Array.from(sums));
});
