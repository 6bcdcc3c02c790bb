import {
  Cast,
  ClipByValue,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  Maximum,
  Minimum,
  Relu6,
  registerKernel,
  Slice,
  Sum,
  Transpose,
  unregisterKernel,
} from '@strata/core';
import { _FusedMatMul, fusedMatMul } from './_FusedMatMul.js';
import { BatchMatMul, batchMatMul } from './BatchMatMul.js';
import { cast } from './Cast.js';
import { clipByValue } from './ClipByValue.js';
import { conv2DBackpropFilter } from './Conv2DBackpropFilter.js';
import { depthwiseConv2dNativeBackpropFilter } from './DepthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInput } from './DepthwiseConv2dNativeBackpropInput.js';
import { maximum } from './Maximum.js';
import { maxPoolGrad } from './MaxPoolGrad.js';
import { minimum } from './Minimum.js';
import { oneHot } from './OneHot.js';
import { relu6 } from './Relu6.js';
import { sign } from './Sign.js';
import { slice } from './Slice.js';
import { sum } from './Sum.js';
import { unsortedSegmentSum } from './UnsortedSegmentSum.js';

/** Kernels the usual layers need for training that tfjs-backend-wasm 4.22 does not have. */
export const addedKernels: readonly KernelConfig[] = [
  conv2DBackpropFilter,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  unsortedSegmentSum,
];

/** tfjs-backend-wasm kernels that give wrong results, replaced outright. */
export const correctedKernels: readonly KernelConfig[] = [maxPoolGrad, oneHot, sign];

/**
 * tfjs-backend-wasm kernels we wrap: [name, wrapper(stock kernel, wasm Transpose)]. The stock kernel does the work;
 * the wrapper makes it faster (matMul) or repairs what it gets wrong (NaN, bool casts, empty sums).
 */
const wrappedKernels: readonly [string, (stock: KernelConfig, transpose: KernelFunc) => KernelConfig][] = [
  [BatchMatMul, batchMatMul],
  [_FusedMatMul, fusedMatMul],
  [Cast, cast],
  [ClipByValue, clipByValue],
  [Maximum, maximum],
  [Minimum, minimum],
  [Relu6, relu6],
  [Slice, slice],
  [Sum, sum],
];

/** tfjs-backend-wasm's own configs of the kernels we replaced or wrapped, by name (bench/matmul.ts's "before"). */
export const stockKernels = new Map<string, KernelConfig>();

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
  for (const config of correctedKernels) {
    const stock = getKernel(config.kernelName, 'wasm');
    if (stock) {
      stockKernels.set(config.kernelName, stock);
      unregisterKernel(config.kernelName, 'wasm');
    }
    registerKernel(config);
    replaced.push(config.kernelName);
  }
  const transpose = getKernel(Transpose, 'wasm')?.kernelFunc;
  for (const [name, wrap] of wrappedKernels) {
    const stock = getKernel(name, 'wasm');
    if (!stock || !transpose) continue;
    stockKernels.set(name, stock);
    unregisterKernel(name, 'wasm');
    registerKernel(wrap(stock, transpose));
    replaced.push(name);
  }
  return { added, replaced };
}
