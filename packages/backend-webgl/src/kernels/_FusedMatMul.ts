import type { _FusedMatMulAttrs, KernelConfig, TensorInfo } from '@strata/core';
import { withZeroPaddedOperands } from './BatchMatMul.js';
import type { WebglBackendLike } from './webgl-backend-like.js';

/**
 * tfjs-backend-webgl's fused matMul (+ bias + activation, what Dense layers call), with the operands' padding set
 * to 0 first when the shared dimension is odd: the same packed program as BatchMatMul, with the same fault.
 */
export function fusedMatMul(stock: KernelConfig): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA } = args.attrs as unknown as _FusedMatMulAttrs;
      return withZeroPaddedOperands(
        a,
        b,
        transposeA,
        args.backend as unknown as WebglBackendLike,
        (a0, b0) => stock.kernelFunc({ ...args, inputs: { ...args.inputs, a: a0, b: b0 } }) as TensorInfo,
      );
    },
  };
}
