import { Relu } from '@strata/core';
import { unaryKernel } from './define-kernel.js';

/**
 * max(x, 0), NaN kept. Replaces tfjs-backend-webgl 4.22's packed relu, `x * float(x >= 0)`, which gives NaN for
 * -Infinity (-Infinity · 0); cpu and TensorFlow give 0.
 */
export const relu = unaryKernel(
  Relu,
  `if (isnan(x)) return x;
   return x < 0.0 ? 0.0 : x;`,
);
