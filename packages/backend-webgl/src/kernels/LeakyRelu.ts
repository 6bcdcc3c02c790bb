import { LeakyRelu } from '@strata/core';
import { unaryKernel } from './define-kernel.js';

/**
 * x for x >= 0, alpha·x below, NaN kept. tfjs-backend-webgl 4.22 blends both branches with 0/1 masks, so
 * ±Infinity meets a 0 and gives NaN (cpu: ±Infinity, -Infinity·alpha). Alpha is a uniform here, where tfjs
 * uploads it as a one-value tensor on every call.
 */
export const leakyRelu = unaryKernel(
  LeakyRelu,
  `if (isnan(x)) return x;
   return x < 0.0 ? alpha * x : x;`,
  { packFlag: 'WEBGL_PACK_BINARY_OPERATIONS', uniforms: ['alpha'] },
);
