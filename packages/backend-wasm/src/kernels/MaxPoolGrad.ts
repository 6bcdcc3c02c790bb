import {
  backend_util,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@strata/core';
import { ConvWindows } from './conv-windows.js';
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
    const { inChannels } = info;
    const dx = new Float32Array(xs.length);
    // Pooling's windows are a convolution's (pool info is conv info with as many out as in channels).
    const windows = new ConvWindows(info);
    while (windows.next()) {
      const { dyAt, count, xAts } = windows;
      for (let d = 0; d < inChannels; d++) {
        let max = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let t = 0; t < count; t++) {
          const i = xAts[t] + d;
          if (xs[i] > max) [max, at] = [xs[i], i];
        }
        if (at >= 0) dx[at] += dys[dyAt + d];
      }
    }
    return backend.makeOutput([...x.shape], 'float32', undefined, dx);
  },
);
