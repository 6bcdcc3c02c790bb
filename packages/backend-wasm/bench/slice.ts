// `pnpm bench`: taking a batch of 32 rows out of 10,000 MNIST-sized images (what evaluate/predict do per step),
// before (tfjs-backend-wasm's Slice, which copies the whole input out of the heap) and after (src/kernels/Slice.ts).
import * as tf from '@strata/core';
import { bench, describe } from 'vitest';
import '../src/index.js';
import { stockKernels } from '../src/kernels/index.js';

await tf.useBackend('wasm');

const images = tf.randomUniform([10000, 28, 28], 0, 1, 'float32', 1);
const ours = tf.getKernel('Slice', 'wasm')!;
const use = (config: tf.KernelConfig) => () => {
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel(config);
};
const take = () => tf.slice(images, 4096, 32).dispose();

describe('slice 32 rows of [10000, 28, 28]', () => {
  bench('tfjs-backend-wasm kernel (before)', take, {
    time: 1000,
    setup: use(stockKernels.get('Slice')!),
    teardown: use(ours),
  });
  bench('Strata: heap-to-heap copy (after)', take, { time: 1000 });
});
