import {
  _FusedMatMul,
  BatchMatMul,
  getKernel,
  type KernelConfig,
  registerKernel,
  Sum,
  unregisterKernel,
} from '@strata/core';
import { fusedMatMul } from './_FusedMatMul.js';
import { batchMatMul } from './BatchMatMul.js';
import { clipByValue } from './ClipByValue.js';
import { elu } from './Elu.js';
import { leakyRelu } from './LeakyRelu.js';
import { log1p } from './Log1p.js';
import { realDiv } from './RealDiv.js';
import { relu } from './Relu.js';
import { relu6 } from './Relu6.js';
import { selu } from './Selu.js';
import { softplus } from './Softplus.js';
import { sum } from './Sum.js';

/** tfjs-backend-webgl kernels that give wrong results for some values, replaced by our own shader programs. */
export const correctedKernels: readonly KernelConfig[] = [
  clipByValue,
  elu,
  leakyRelu,
  log1p,
  realDiv,
  relu,
  relu6,
  selu,
  softplus,
];

/** tfjs-backend-webgl kernels we wrap: the stock kernel does the work, the wrapper repairs its inputs or edge cases. */
const wrappedKernels: readonly [string, (stock: KernelConfig) => KernelConfig][] = [
  [BatchMatMul, batchMatMul],
  [_FusedMatMul, fusedMatMul],
  [Sum, sum],
];

/** tfjs-backend-webgl's own configs of the kernels we replaced or wrapped, by name (for tests and benchmarks). */
export const stockKernels = new Map<string, KernelConfig>();

/**
 * Registers our kernels for 'webgl'; call after importing tfjs-backend-webgl (which registers its own). Safe to
 * call again: the stock kernels are taken once. Returns the names of the kernels replaced or wrapped.
 */
export function registerWebglKernels(): string[] {
  const replace = (config: KernelConfig) => {
    const current = getKernel(config.kernelName, 'webgl');
    if (current && !stockKernels.has(config.kernelName)) stockKernels.set(config.kernelName, current);
    if (current) unregisterKernel(config.kernelName, 'webgl');
    registerKernel(config);
  };
  for (const config of correctedKernels) replace(config);
  for (const [name, wrap] of wrappedKernels) {
    const stock = stockKernels.get(name) ?? getKernel(name, 'webgl');
    if (stock) replace(wrap(stock));
  }
  return [...correctedKernels.map((k) => k.kernelName), ...wrappedKernels.map(([name]) => name)];
}
