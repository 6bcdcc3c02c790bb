import * as tf from '@strata/core';
import { expect, test } from 'vitest';
import '@strata/backend-cpu';
import { configureWasm } from './index.js';

test('a wrong wasm folder fails with the path and the fix, leaves the active backend, and can be fixed', async () => {
  await tf.useBackend('cpu');
  configureWasm({ paths: '/nonexistent/wasm/', threads: 1 });
  await expect(tf.useBackend('wasm')).rejects.toThrow(
    /could not read tfjs-backend-wasm-simd\.wasm from \/nonexistent\/wasm\/tfjs-backend-wasm-simd\.wasm .*configureWasm\(\{ paths \}\)/,
  );
  expect(tf.currentBackend()).toBe('cpu');

  configureWasm({ paths: { 'tfjs-backend-wasm.wasm': '/x.wasm' } });
  await expect(tf.useBackend('wasm')).rejects.toThrow(/no entry for 'tfjs-backend-wasm-simd\.wasm'/);

  configureWasm({ paths: undefined }); // back to the installed package's files
  expect(await tf.useBackend('wasm')).toBe('wasm');
});
