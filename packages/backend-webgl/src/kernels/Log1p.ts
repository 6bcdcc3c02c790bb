import { env, Log1p } from '@strata/core';
import { unaryKernel } from './define-kernel.js';

// -Infinity: WebGL2 builds it from its bits; WebGL1 has tfjs's INFINITY uniform.
const negativeInfinity = () =>
  env().getNumber('WEBGL_VERSION') === 2 ? 'uintBitsToFloat(0xff800000u)' : '-INFINITY';

/**
 * log(1 + x): NaN below -1 and -Infinity at -1, as on cpu. tfjs-backend-webgl 4.22 computes log(1 + x) for every
 * x, and GLSL leaves log of a negative number to the GPU: SwiftShader gives 88.7 for log1p(-Infinity) and
 * log1p(-1e30).
 */
export const log1p = unaryKernel(
  Log1p,
  () => `if (isnan(x)) return x;
   if (x < -1.0) return NAN;
   if (x == -1.0) return ${negativeInfinity()};
   return log(1.0 + x);`,
);
