import { Elu } from '@strata/core';
import { unaryKernel } from './define-kernel.js';

/**
 * x for x >= 0, exp(x) - 1 below, NaN kept. tfjs-backend-webgl 4.22 sends NaN to `exp(NaN) - 1`, and GLSL leaves
 * exp(NaN) to the GPU: SwiftShader gives Infinity. The explicit check makes every GPU agree with cpu.
 */
export const elu = unaryKernel(
  Elu,
  `if (isnan(x)) return x;
   return x >= 0.0 ? x : exp(x) - 1.0;`,
);
