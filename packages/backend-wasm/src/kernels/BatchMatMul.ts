import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';
import { intBatchMatMul } from './int-batch-mat-mul.js';
import { swapLastTwoAxes } from './swap-last-two-axes.js';

/**
 * tfjs-backend-wasm's BatchMatMul, but a transposed operand is transposed first and the plain product runs after.
 * XNNPACK's fast path only covers untransposed operands; with transposeA or transposeB tfjs 4.22 falls back to a
 * loop that is 7-20x slower (256², see bench/matmul.ts), and every matMul gradient asks for a transpose.
 * One transpose costs about a quarter of a plain product. int32 operands, which tfjs 4.22 rejects, run in TypeScript.
 */
export function batchMatMul(stock: KernelConfig, transpose: KernelFunc): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
      const backend = args.backend as WasmBackendLike;
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      if (a.dtype === 'int32' && b.dtype === 'int32')
        return intBatchMatMul(a, b, transposeA, transposeB, backend);
      if (!transposeA && !transposeB) return stock.kernelFunc(args);
      const plainA = transposeA ? swapLastTwoAxes(a, transpose, backend) : a;
      const plainB = transposeB ? swapLastTwoAxes(b, transpose, backend) : b;
      try {
        return stock.kernelFunc({
          ...args,
          inputs: { a: plainA, b: plainB },
          attrs: { ...args.attrs, transposeA: false, transposeB: false },
        });
      } finally {
        if (plainA !== a) backend.disposeData(plainA.dataId);
        if (plainB !== b) backend.disposeData(plainB.dataId);
      }
    },
  };
}

export { BatchMatMul };
