import { Softplus } from '@strata/core';
import { unaryKernel } from './define-kernel.js';

/**
 * log(exp(x) + 1), as tfjs computes it (x itself above ~15, exp(x) below ~-15, so neither end overflows), NaN
 * kept: tfjs-backend-webgl 4.22 takes NaN through exp and log, which GLSL leaves to the GPU (SwiftShader:
 * Infinity); cpu gives NaN.
 */
export const softplus = unaryKernel(
  Softplus,
  `if (isnan(x)) return x;
   float epsilon = 1.1920928955078125e-7;
   float threshold = log(epsilon) + 2.0;
   if (x > -threshold) return x;
   if (x < threshold) return exp(x);
   return log(exp(x) + 1.0);`,
);
