import { backend_util, Selu } from '@strata/core';
import { unaryKernel } from './define-kernel.js';

/**
 * scale·x for x >= 0, scale·alpha·(exp(x) - 1) below, NaN kept. tfjs-backend-webgl 4.22 sends NaN to exp, which
 * GLSL leaves to the GPU (SwiftShader: Infinity); cpu gives NaN.
 */
export const selu = unaryKernel(
  Selu,
  `if (isnan(x)) return x;
   float scaleAlpha = ${backend_util.SELU_SCALEALPHA};
   float scale = ${backend_util.SELU_SCALE};
   return x >= 0.0 ? scale * x : scaleAlpha * (exp(x) - 1.0);`,
);
