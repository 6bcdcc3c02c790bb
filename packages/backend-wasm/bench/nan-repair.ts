// `pnpm bench`: the NaN repairs (src/kernels/keep-nans.ts) on 1M-element tensors, before (tfjs-backend-wasm's
// kernel) and after (ours: the same kernel, a SIMD NaN scan per float input, a repair pass only if a NaN is found).
// wasm kernels run synchronously, so timing the op is timing the kernel; nothing is read back.
import * as tf from '@strata/core';
import { bench, describe } from 'vitest';
import '../src/index.js';
import { stockKernels } from '../src/kernels/index.js';

await tf.useBackend('wasm');

function swapIn(name: string): { stock: () => void; ours: () => void } {
  const ours = tf.getKernel(name, 'wasm')!;
  const register = (config: tf.KernelConfig) => () => {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  };
  return { stock: register(stockKernels.get(name)!), ours: register(ours) };
}

const x = tf.randomNormal([1000, 1000], 0, 4, 'float32', 1);
const y = tf.randomNormal([1000, 1000], 0, 4, 'float32', 2);
const withNaN = tf.tidy(() => tf.where(tf.equal(tf.range(0, 1e6).reshape([1000, 1000]), 123456), NaN, x));
const options = { time: 1000, warmupTime: 200 };

const cases: [string, string, (a: tf.Tensor) => tf.Tensor][] = [
  ['Relu6', 'relu6', (a) => tf.relu6(a)],
  ['ClipByValue', 'clipByValue(-1, 1)', (a) => tf.clipByValue(a, -1, 1)],
  ['Maximum', 'maximum(a, b)', (a) => tf.maximum(a, y)],
  ['Minimum', 'minimum(a, b)', (a) => tf.minimum(a, y)],
];

for (const [kernel, label, op] of cases) {
  describe(`${label}, 1000×1000`, () => {
    const swap = swapIn(kernel);
    const run = (a: tf.Tensor) => () => op(a).dispose();
    bench('tfjs-backend-wasm kernel (before)', run(x), {
      ...options,
      setup: swap.stock,
      teardown: swap.ours,
    });
    bench('Strata: kernel + NaN scan (after, no NaN)', run(x), options);
    bench('Strata: kernel + NaN scan + repair (one NaN)', run(withNaN), options);
  });
}
