import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type TensorInfo,
} from '@strata/core';
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
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
    const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    // Element strides of x and dy for each layout, so one loop serves both.
    const last = info.dataFormat === 'channelsLast';
    const [xB, xH, xW, xC] = last
      ? [inHeight * inWidth * inChannels, inWidth * inChannels, inChannels, 1]
      : [inChannels * inHeight * inWidth, inWidth, 1, inHeight * inWidth];
    const [dB, dH, dW, dC] = last
      ? [outHeight * outWidth * outChannels, outWidth * outChannels, outChannels, 1]
      : [outChannels * outHeight * outWidth, outWidth, 1, outHeight * outWidth];
    // Float64 sums: the totals run over batch × output pixels, where float32 rounding would add up.
    const sums = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
    for (let b = 0; b < batchSize; b++) {
      for (let yr = 0; yr < outHeight; yr++) {
        for (let yc = 0; yc < outWidth; yc++) {
          const dyAt = b * dB + yr * dH + yc * dW;
          for (let fr = 0; fr < filterHeight; fr++) {
            const xr = yr * strideHeight + fr - top;
            if (xr < 0 || xr >= inHeight) continue;
            for (let fc = 0; fc < filterWidth; fc++) {
              const xc = yc * strideWidth + fc - left;
              if (xc < 0 || xc >= inWidth) continue;
              const xAt = b * xB + xr * xH + xc * xW;
              const wAt = (fr * filterWidth + fc) * inChannels * outChannels;
              for (let i = 0; i < inChannels; i++) {
                const xv = xs[xAt + i * xC];
                const row = wAt + i * outChannels;
                for (let o = 0; o < outChannels; o++) sums[row + o] += xv * dys[dyAt + o * dC];
              }
            }
          }
        }
      }
    }
    return backend.makeOutput([...info.filterShape], 'float32', undefined, Float32Array.from(sums));
  },
);
