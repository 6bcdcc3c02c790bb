import type { KernelFunc, TensorInfo } from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';

/** `x` with its last two axes swapped, made by the wasm Transpose kernel; the caller disposes it. */
export function swapLastTwoAxes(x: TensorInfo, transpose: KernelFunc, backend: WasmBackendLike): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return transpose({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
}
