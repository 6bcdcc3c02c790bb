import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  Transpose,
  unregisterKernel,
} from '@strata/core';
import { BatchMatMul, batchMatMul } from './BatchMatMul.js';
import { conv2DBackpropFilter } from './Conv2DBackpropFilter.js';
import { depthwiseConv2dNativeBackpropFilter } from './DepthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInput } from './DepthwiseConv2dNativeBackpropInput.js';
import { _FusedMatMul, fusedMatMul } from './_FusedMatMul.js';
import { unsortedSegmentSum } from './UnsortedSegmentSum.js';

/** Kernels the usual layers need for training that tfjs-backend-wasm 4.22 does not have. */
export const addedKernels: readonly KernelConfig[] = [
  conv2DBackpropFilter,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  unsortedSegmentSum,
];

/** tfjs-backend-wasm kernels we wrap: [name, wrapper(stock kernel, wasm Transpose)]. */
const wrappedKernels: readonly [string, (stock: KernelConfig, transpose: KernelFunc) => KernelConfig][] = [
  [BatchMatMul, batchMatMul],
  [_FusedMatMul, fusedMatMul],
];

/**
 * Registers our kernels for 'wasm'; call after importing tfjs-backend-wasm (which registers its own).
 * A kernel tfjs already has is left alone, so a later tfjs with native versions keeps them.
 */
export function registerWasmKernels(): { added: string[]; replaced: string[] } {
  const added: string[] = [];
  const replaced: string[] = [];
  for (const config of addedKernels) {
    if (getKernel(config.kernelName, 'wasm')) continue;
    registerKernel(config);
    added.push(config.kernelName);
  }
  const transpose = getKernel(Transpose, 'wasm')?.kernelFunc;
  for (const [name, wrap] of wrappedKernels) {
    const stock = getKernel(name, 'wasm');
    if (!stock || !transpose) continue;
    unregisterKernel(name, 'wasm');
    registerKernel(wrap(stock, transpose));
    replaced.push(name);
  }
  return { added, replaced };
}
