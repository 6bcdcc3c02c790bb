import { backend_util, type KernelConfig, type SumAttrs, type TensorInfo, util } from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';

/**
 * tfjs-backend-wasm's Sum, except for an empty input: tfjs skips the computation and returns its freshly
 * allocated, unwritten output (NaN or old heap contents). The sum of nothing is 0, as on cpu and in TensorFlow
 * (e.g. a loss summed over an empty batch).
 */
export function sum(stock: KernelConfig): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      if (util.sizeFromShape(x.shape) !== 0) return stock.kernelFunc(args);
      const { axis, keepDims } = args.attrs as unknown as SumAttrs;
      const axes = util.parseAxisParam(axis, x.shape);
      const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
      const shape = keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
      const dtype = x.dtype === 'int32' || x.dtype === 'bool' ? 'int32' : 'float32';
      const zeros =
        dtype === 'int32'
          ? new Int32Array(util.sizeFromShape(shape))
          : new Float32Array(util.sizeFromShape(shape));
      return (args.backend as WasmBackendLike).makeOutput(shape, dtype, undefined, zeros);
    },
  };
}
