import type { BatchMatMulAttrs, KernelConfig, TensorInfo } from '@strata/core';
import type { WebglBackendLike } from './webgl-backend-like.js';
import { withZeroPadding } from './zero-padding.js';

/**
 * tfjs-backend-webgl's BatchMatMul, with the operands' padding set to 0 first when the shared dimension is odd.
 * tfjs 4.22's packed matMul reads the shared dimension two values at a time; when it is odd, the last step also
 * multiplies the padding of `a` by the padding of `b` and adds it to every result. tfjs's packed ops leave
 * non-zero padding (exp gives 1, sigmoid 0.5, a row-max subtraction -max), so after one training step the result
 * is off (8e-4 in the conformance MLP's second step: `dLogits [16, 3] · w2ᵀ`, inputs equal to cpu's, measured
 * against a float64 product of the same inputs). Costs one copy of each operand, only for odd shared dimensions.
 */
export function batchMatMul(stock: KernelConfig): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA } = args.attrs as unknown as BatchMatMulAttrs;
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

/** Runs `run` on `a` and `b`, copied with zero padding when the shared dimension is odd; frees the copies. */
export function withZeroPaddedOperands(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  backend: WebglBackendLike,
  run: (a: TensorInfo, b: TensorInfo) => TensorInfo,
): TensorInfo {
  const shared = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  if (shared % 2 === 0) return run(a, b);
  const cleanA = withZeroPadding(a, backend);
  const cleanB = withZeroPadding(b, backend);
  try {
    return run(cleanA, cleanB);
  } finally {
    if (cleanA !== a) backend.disposeIntermediateTensorInfo(cleanA);
    if (cleanB !== b) backend.disposeIntermediateTensorInfo(cleanB);
  }
}
