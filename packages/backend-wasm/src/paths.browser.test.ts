import * as tf from '@strata/core';
import { expect, test } from 'vitest';
import { expectMatchesCpu, input } from './compare-with-cpu.js';
import { configureWasm } from './index.js';

test('configureWasm({ paths }) in a page: a wrong folder fails with the fix, the right one loads', async () => {
  await tf.useBackend('cpu');
  configureWasm({ paths: '/nonexistent/', threads: 1 });
  await expect(tf.useBackend('wasm')).rejects.toThrow(
    /could not read tfjs-backend-wasm-simd\.wasm from \/nonexistent\/tfjs-backend-wasm-simd\.wasm .*configureWasm\(\{ paths \}\)/,
  );
  expect(tf.currentBackend()).toBe('cpu');

  configureWasm({ paths: '/wasm/' }); // the dev server serves this package's wasm/ folder there
  expect(await tf.useBackend('wasm')).toBe('wasm');
  const details = (await tf.listBackends()).find((b) => b.name === 'wasm')?.details;
  expect(details).toMatchObject({
    simd: true,
    threads: 1,
    binary: 'tfjs-backend-wasm-simd.wasm',
    wasmUrl: '/wasm/tfjs-backend-wasm-simd.wasm',
    threadsNote: 'single-threaded: one thread was requested',
  });
  await expectMatchesCpu((a, b) => tf.matMul(a!, b!, true, false), [input([20, 30], 1), input([20, 10], 2)]);
});
