import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, expect, test } from 'vitest';
import { defineBackend } from '../define-backend.js';
import { defineKernel } from '../define-kernel.js';
import { expectOpMatches } from './expect-op-matches.js';

const offByOne = defineKernel('Tanh', ({ inputs: { x }, readValues, makeOutput }) =>
  makeOutput(
    readValues(x).map((v) => Math.tanh(v) + (v > 0 ? 0.01 : 0)),
    x.shape,
  ),
);
beforeAll(async () => {
  tf.registerBackendPlugin(defineBackend({ name: 'match-copy', base: 'cpu', kernels: [] }));
  tf.registerBackendPlugin(defineBackend({ name: 'match-tanh', base: 'cpu', kernels: [offByOne] }));
  await tf.useBackend('cpu');
});

test('passes when outputs and gradients agree, and leaves the backend as it was', async () => {
  await expectOpMatches(
    'match-copy',
    [
      [8, 16],
      [16, 4],
    ],
    (a, b) => tf.matMul(a, b),
    { atol: 1e-4 },
  );
  await expectOpMatches('match-copy', [[2, 6]], (x) => tf.split(x, 3, 1));
  expect(tf.currentBackend()).toBe('cpu');
});

test('throws with the first differing value', async () => {
  await expect(expectOpMatches('match-tanh', [[4, 5]], (x) => tf.tanh(x))).rejects.toThrow(
    /'match-tanh' differs from 'cpu' for op on \[\[4,5\]\]: output at \[\d, \d\]: got .*, cpu gave/,
  );
});
