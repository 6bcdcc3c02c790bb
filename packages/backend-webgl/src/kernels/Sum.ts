import {
  backend_util,
  type KernelConfig,
  type SumAttrs,
  sumOutType,
  type TensorInfo,
  util,
} from '@strata/core';
import type { WebglBackendLike } from './webgl-backend-like.js';

/**
 * tfjs-backend-webgl's Sum, except for an empty input, where tfjs 4.22 divides 0 by 0 for its batch size and
 * throws ("The new shape (NaN,0) has NaN elements"). The sum of nothing is 0, as on cpu and in TensorFlow.
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
      const dtype = sumOutType(x.dtype);
      const zeros = util.getTypedArrayFromDType(dtype as 'float32', util.sizeFromShape(shape));
      return (args.backend as unknown as WebglBackendLike).makeTensorInfo(shape, dtype, zeros);
    },
  };
}
