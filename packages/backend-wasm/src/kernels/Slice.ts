import { type KernelConfig, type SliceAttrs, slice_util, type TensorInfo, util } from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';

/**
 * tfjs-backend-wasm's Slice with a fast path for contiguous slices (a batch of rows, as fit/evaluate/predict take):
 * the stock kernel reads the whole input through readSync, which copies it out of the heap first (≈10 ms to take
 * 32 rows of the 10,000 MNIST test images; bench/slice.ts). Here the rows are copied heap to heap.
 */
export function slice(stock: KernelConfig): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const x = (args.inputs as { x: TensorInfo }).x;
      const { begin, size } = args.attrs as unknown as SliceAttrs;
      const [begin_, size_] = slice_util.parseSliceParams(x as never, begin, size);
      if (x.dtype === 'string' || !slice_util.isSliceContinous(x.shape, begin_, size_)) {
        return stock.kernelFunc(args);
      }
      const backend = args.backend as WasmBackendLike;
      const out = backend.makeOutput(size_, x.dtype);
      // Views after makeOutput: an allocation may grow the heap and detach earlier views.
      const from = slice_util.computeFlatOffset(begin_, util.computeStrides(x.shape));
      const source = backend.typedArrayFromHeap(x);
      backend.typedArrayFromHeap(out).set(source.subarray(from, from + util.sizeFromShape(size_)));
      return out;
    },
  };
}
