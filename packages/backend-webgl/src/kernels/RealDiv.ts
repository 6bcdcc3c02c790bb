import { backend_util, env, RealDiv, type TensorInfo, upcastType } from '@strata/core';
import { defineWebglKernel } from './define-kernel.js';
import { binaryProgram } from './programs.js';

/**
 * a / b with broadcasting. Like tfjs-backend-webgl, a == b gives exactly 1 (a GPU that divides as a·(1/b) may give
 * 0.9999, which floors wrongly), but only for finite, non-zero a: tfjs 4.22 also returns 1 for 0/0 and
 * Infinity/Infinity, where cpu and TensorFlow give NaN (so x / sum(x) of an all-zero row hides the NaN).
 * Packed like tfjs's (`WEBGL_PACK_BINARY_OPERATIONS`), with the output's padding set to 0 as tfjs does for div.
 */
export const realDiv = defineWebglKernel<{ a: TensorInfo; b: TensorInfo }, Record<string, never>>(
  RealDiv,
  ({ a, b }, _attrs, backend) => {
    const program = binaryProgram(
      backend_util.assertAndGetBroadcastShape(a.shape, b.shape),
      `if (a == b) return (a == 0.0 || isinf(a)) ? NAN : 1.0;
       return a / b;`,
      env().getBool('WEBGL_PACK_BINARY_OPERATIONS'),
    );
    return backend.runWebGLProgram(program, [a, b], upcastType(a.dtype, b.dtype));
  },
);
