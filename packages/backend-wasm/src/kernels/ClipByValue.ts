import type { KernelConfig, TensorInfo } from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';
import { keepNaNs } from './keep-nans.js';

/**
 * tfjs-backend-wasm's ClipByValue, which turns NaN into the lower bound (cpu and TensorFlow keep NaN), with the
 * NaNs put back. Every cross-entropy loss clips its probabilities, so a NaN there must not become 1e-7 and a
 * finite loss. One SIMD scan when no value is NaN (bench/nan-repair.ts).
 */
export function clipByValue(stock: KernelConfig): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      return keepNaNs(x, stock.kernelFunc(args) as TensorInfo, args.backend as WasmBackendLike);
    },
  };
}
