import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type TensorInfo,
} from '@strata/core';
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
>(
  DepthwiseConv2dNativeBackpropFilter,
  ({ x, dy }, { strides, dilations, pad, dimRoundingMode, filterShape }, backend) => {
    const xInfo = x as TensorInfo;
    const info = backend_util.computeConv2DInfo(
      xInfo.shape as [number, number, number, number],
      filterShape,
      strides,
      dilations,
      pad,
      dimRoundingMode,
      true,
    );
    const xs = readValues(backend, xInfo);
    const dys = readValues(backend, dy as TensorInfo);
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
    const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
    const multiplier = outChannels / inChannels;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const sums = new Float64Array(filterHeight * filterWidth * outChannels); // [fh, fw, in, mult] flattened
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
              const xAt = ((b * inHeight + xr) * inWidth + xc) * inChannels;
              const wAt = (fr * filterWidth + fc) * outChannels;
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
        }
      }
    }
    return backend.makeOutput([...filterShape], 'float32', undefined, Float32Array.from(sums));
  },
);
