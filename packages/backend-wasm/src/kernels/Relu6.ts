import type { KernelConfig, TensorInfo } from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';
import { keepNaNs } from './keep-nans.js';

/**
 * tfjs-backend-wasm's Relu6 (XNNPACK's clamp), which returns 0 for NaN (cpu and TensorFlow keep NaN), with the
 * NaNs put back. Models with relu6 (MobileNet) train through it, so the repair costs one SIMD scan when no value
 * is NaN (bench/nan-repair.ts).
 */
export function relu6(stock: KernelConfig): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      return keepNaNs(x, stock.kernelFunc(args) as TensorInfo, args.backend as WasmBackendLike);
    },
  };
}
