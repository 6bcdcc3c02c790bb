import { Relu6 } from '@strata/core';
import { unaryKernel } from './define-kernel.js';

/**
 * min(max(x, 0), 6), NaN kept. Replaces tfjs-backend-webgl 4.22's packed relu6, `min(x, 6) * float(x >= 0)`,
 * which gives NaN for -Infinity; cpu and TensorFlow give 0.
 */
export const relu6 = unaryKernel(
  Relu6,
  `if (isnan(x)) return x;
   return x < 0.0 ? 0.0 : (x > 6.0 ? 6.0 : x);`,
);
