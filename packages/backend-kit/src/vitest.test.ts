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

// A relu that drops NaN, declared as a known deviation: the Relu test passes (its other cases match), and the
// declaration's own test passes because the case still deviates. (That it fails once the case matches is
// checked on runConformance's report in conformance/run-conformance.test.ts.)
const nanDroppingRelu = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) =>
  makeOutput(
    // biome-ignore lint/complexity/useMathMinMax: Math.max keeps NaN, and this kernel must drop it.
    readValues(x).map((v) => (v > 0 ? v : 0)),
    x.shape,
  ),
);
describeConformance(defineBackend({ name: 'vitest-deviation', base: 'cpu', kernels: [nanDroppingRelu] }), {
  only: ['Relu'],
  endToEnd: false,
  knownDeviations: [
    { kernel: 'Relu', case: 'relu NaN, Infinity, ±0, 1e30', reason: 'max(x, 0) drops NaN on this device' },
  ],
});
