import type { KernelConfig, TensorInfo } from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';
import { keepNaNsOfBinary } from './keep-nans.js';

/**
 * tfjs-backend-wasm's Maximum, which drops a NaN in its second operand (`maximum(-Infinity, NaN)` gives
 * -Infinity; cpu's `Math.max` and TensorFlow give NaN), with the NaNs put back. Two SIMD scans when neither
 * operand has a NaN (bench/nan-repair.ts).
 */
export function maximum(stock: KernelConfig): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      return keepNaNsOfBinary(a, b, stock.kernelFunc(args) as TensorInfo, args.backend as WasmBackendLike);
    },
  };
}
