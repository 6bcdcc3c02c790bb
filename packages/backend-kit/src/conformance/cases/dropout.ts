import * as tf from '@strata/core';
import { type ConformanceCase, f32, opCases } from '../case.js';

// Dropout with a fixed seed: the mask is drawn in JavaScript, so both backends keep the same units and only
// the scaling and masking kernels are compared.
const family = 'dropout';

export const dropoutCases: ConformanceCase[] = [
  ...opCases(family, 'dropout', 'rate 0.5', [f32([4, 6])], (x) => tf.dropout(x, 0.5, undefined, 7), {
    grad: true,
  }),
  ...opCases(family, 'dropout', 'noise shape [4,1]', [f32([4, 6])], (x) => tf.dropout(x, 0.3, [4, 1], 11), {
    grad: true,
  }),
];
