import '@strata/backend-cpu';
import { defineBackend } from './define-backend.js';
import { defineKernel } from './define-kernel.js';
import { describeConformance } from './vitest.js';

// A plugin with its own softmax (max-subtracted, so 1000-logit rows stay finite), checked the way a backend
// package checks itself: one test per kernel, the missing-kernels table, end-to-end training.
const softmax = defineKernel('Softmax', ({ inputs: { logits }, attrs: { dim }, readValues, makeOutput }) => {
  const v = readValues(logits);
  const depth = logits.shape[logits.shape.length - 1]!;
  if (dim !== -1 && dim !== logits.shape.length - 1)
    throw new Error(`softmax over axis ${dim} is not supported`);
  const out = new Float32Array(v.length);
  for (let row = 0; row < v.length; row += depth) {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < depth; i++) max = Math.max(max, v[row + i]);
    let sum = 0;
    for (let i = 0; i < depth; i++) sum += out[row + i] = Math.exp(v[row + i] - max);
    for (let i = 0; i < depth; i++) out[row + i] /= sum;
  }
  return makeOutput(out, logits.shape);
});

describeConformance(defineBackend({ name: 'vitest-softmax', base: 'cpu', kernels: [softmax] }));
