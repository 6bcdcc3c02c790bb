import {
  InvalidArgumentError,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  type UnsortedSegmentSumInputs,
  util,
} from '@strata/core';
import { defineWasmKernel, readValues } from './define-kernel.js';

/**
 * Sums the slices of `x` that share a segment id: `out[s, ...] = Σ_{i: ids[i] = s} x[i, ...]`, shape
 * `[numSegments, ...x.shape.slice(ids.rank)]`. Ids outside [0, numSegments) are dropped, as in TensorFlow.
 * This is the gradient of gather(), so Embedding layers need it to train; tfjs-backend-wasm 4.22 lacks it.
 * The result has x's dtype (TensorFlow's rule; tfjs's cpu kernel returns float32 for int32 x).
 */
export const unsortedSegmentSum = defineWasmKernel<UnsortedSegmentSumInputs, UnsortedSegmentSumAttrs>(
  UnsortedSegmentSum,
  ({ x, segmentIds }, { numSegments }, backend) => {
    const xInfo = x as TensorInfo;
    const idsInfo = segmentIds as TensorInfo;
    if (!Number.isInteger(numSegments) || numSegments < 0) {
      throw new InvalidArgumentError(
        `UnsortedSegmentSum on backend 'wasm' needs numSegments to be a whole number >= 0, got ${numSegments}. ` +
          'Pass the number of segments (one more than the largest segment id).',
      );
    }
    const sliceShape = xInfo.shape.slice(idsInfo.shape.length);
    const sliceSize = util.sizeFromShape(sliceShape);
    const xs = readValues(backend, xInfo);
    const ids = readValues(backend, idsInfo);
    const dtype = xInfo.dtype === 'int32' ? 'int32' : 'float32';
    const out =
      dtype === 'int32' ? new Int32Array(numSegments * sliceSize) : new Float32Array(numSegments * sliceSize);
    for (let i = 0; i < ids.length; i++) {
      const segment = ids[i];
      if (segment < 0 || segment >= numSegments) continue;
      const from = i * sliceSize;
      const to = segment * sliceSize;
      for (let k = 0; k < sliceSize; k++) out[to + k] += xs[from + k];
    }
    return backend.makeOutput([numSegments, ...sliceShape], dtype, undefined, out);
  },
);
