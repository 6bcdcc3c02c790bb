import { ClipByValue } from '@strata/core';
import { unaryKernel } from './define-kernel.js';

/**
 * x clamped to [clipValueMin, clipValueMax] value by value, NaN kept. tfjs-backend-webgl 4.22's packed clip
 * returns a whole texel unclipped when any of its four values is NaN, so a NaN lets up to three neighbours
 * (here: Infinity) through unclipped.
 */
export const clipByValue = unaryKernel(
  ClipByValue,
  `if (isnan(x)) return x;
   return x < clipValueMin ? clipValueMin : (x > clipValueMax ? clipValueMax : x);`,
  { packFlag: 'WEBGL_PACK_CLIP', uniforms: ['clipValueMin', 'clipValueMax'] },
);
