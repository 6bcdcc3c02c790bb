import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type TensorInfo,
} from '@strata/core';
import { defineWasmKernel, readValues } from './define-kernel.js';

/**
 * Gradient of depthwiseConv2d with respect to its input: every dy value flows back to the input pixels its
 * window read, `dx[b, y·s + r·d − pad, x·s + c·d − pad, i] += Σ_m dy[b, y, x, i·multiplier + m] · w[r, c, i, m]`.
 * Needed to train any layer stacked before a DepthwiseConv2D or SeparableConv2D; tfjs-backend-wasm 4.22 lacks it.
 */
export const depthwiseConv2dNativeBackpropInput = defineWasmKernel<
  DepthwiseConv2dNativeBackpropInputInputs,
  DepthwiseConv2dNativeBackpropInputAttrs
>(
  DepthwiseConv2dNativeBackpropInput,
  ({ dy, filter }, { strides, dilations, pad, dimRoundingMode, inputShape }, backend) => {
    const filterInfo = filter as TensorInfo;
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filterInfo.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      true,
    );
    const dys = readValues(backend, dy as TensorInfo);
    const ws = readValues(backend, filterInfo);
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
    const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
    const multiplier = outChannels / inChannels;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const sums = new Float64Array(batchSize * inHeight * inWidth * inChannels);
    for (let b = 0; b < batchSize; b++) {
      for (let yr = 0; yr < outHeight; yr++) {
        for (let yc = 0; yc < outWidth; yc++) {
          const dyAt = ((b * outHeight + yr) * outWidth + yc) * outChannels;
          for (let fr = 0; fr < filterHeight; fr++) {
            const xr = yr * strideHeight + fr * dilationHeight - top;
            if (xr < 0 || xr >= inHeight) continue;
            for (let fc = 0; fc < filterWidth; fc++) {
              const xc = yc * strideWidth + fc * dilationWidth - left;
              if (xc < 0 || xc >= inWidth) continue;
              const dxAt = ((b * inHeight + xr) * inWidth + xc) * inChannels;
              const wAt = (fr * filterWidth + fc) * outChannels;
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
        }
      }
    }
    return backend.makeOutput([...info.inShape], 'float32', undefined, Float32Array.from(sums));
  },
);
