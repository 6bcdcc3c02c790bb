import {
  backend_util,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@strata/core';
import { defineWasmKernel, readValues } from './define-kernel.js';

/**
 * Gradient of maxPool: each window's dy goes to the window's largest input (the first one on a tie, rows first),
 * as in tfjs's cpu kernel and TensorFlow. Replaces tfjs-backend-wasm 4.22's kernel, which starts its running
 * maximum at 0 instead of -Infinity: a window whose inputs are all negative gets no gradient at all (checked
 * against cpu), so MaxPooling2D after anything but relu trained wrongly. NaN is never the maximum, as on cpu.
 */
export const maxPoolGrad = defineWasmKernel<MaxPoolGradInputs, MaxPoolGradAttrs>(
  MaxPoolGrad,
  ({ dy, input }, { filterSize, strides, pad, dimRoundingMode }, backend) => {
    const x = input as TensorInfo;
    const info = backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const xs = readValues(backend, x);
    const dys = readValues(backend, dy as TensorInfo);
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
    const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const dx = new Float32Array(xs.length);
    for (let b = 0; b < batchSize; b++) {
      for (let yr = 0; yr < outHeight; yr++) {
        const rowStart = yr * strideHeight - top;
        for (let yc = 0; yc < outWidth; yc++) {
          const colStart = yc * strideWidth - left;
          for (let d = 0; d < inChannels; d++) {
            let max = Number.NEGATIVE_INFINITY;
            let at = -1;
            for (let r = Math.max(rowStart, 0); r < Math.min(rowStart + filterHeight, inHeight); r++) {
              for (let c = Math.max(colStart, 0); c < Math.min(colStart + filterWidth, inWidth); c++) {
                const i = ((b * inHeight + r) * inWidth + c) * inChannels + d;
                if (xs[i] > max) [max, at] = [xs[i], i];
              }
            }
            if (at >= 0) dx[at] += dys[((b * outHeight + yr) * outWidth + yc) * inChannels + d];
          }
        }
      }
    }
    return backend.makeOutput([...x.shape], 'float32', undefined, dx);
  },
);
