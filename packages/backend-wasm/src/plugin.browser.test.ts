import * as tf from '@strata/core';
import { describe, expect, test } from 'vitest';
import { expectMatchesCpu, input } from './compare-with-cpu.js';
import './index.js';

describe('@strata/backend-wasm in Chromium', () => {
  test('loads with no configuration: finds its .wasm files, uses SIMD, and threads in an isolated page', async () => {
    expect(await tf.useBackend('wasm')).toBe('wasm');
    const details = (await tf.listBackends()).find((b) => b.name === 'wasm')?.details;
    // The test server sends COOP/COEP headers (vitest.config.ts), so SharedArrayBuffer and threads are allowed.
    expect(globalThis.crossOriginIsolated).toBe(true);
    const threads = Math.min(navigator.hardwareConcurrency, 8);
    expect(details).toMatchObject({
      runtime: 'browser',
      simd: true,
      threads,
      binary: threads > 1 ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm',
    });
    // Found through new URL('../wasm/…', import.meta.url): served by the dev server, not configured by us.
    expect(String(details?.wasmUrl)).toMatch(/\/wasm\/tfjs-backend-wasm-.*\.wasm$/);
    const { wasm } = tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } };
    expect(wasm.tfjs.getThreadsCount()).toBe(threads);
  });

  test('matMul (plain and transposed), conv2d and softmax match cpu', async () => {
    await expectMatchesCpu((a, b) => tf.matMul(a!, b!), [input([40, 30], 1), input([30, 20], 2)]);
    await expectMatchesCpu((a, b) => tf.matMul(a!, b!, true, true), [input([30, 40], 3), input([20, 30], 4)]);
    await expectMatchesCpu(
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'),
      [input([2, 9, 9, 3], 5), input([3, 3, 3, 4], 6)],
    );
    await expectMatchesCpu((a) => tf.softmax(a!), [input([4, 10], 7)], { atol: 1e-6 });
  });

  test('a conv2d + relu + mean gradient (Conv2DBackpropFilter added by this package) matches cpu', async () => {
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf.mean(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid')));
    await expectMatchesCpu(
      (a, b) => tf.grads(loss)([a!, b!]),
      [input([2, 8, 8, 3], 8), input([3, 3, 3, 4], 9)],
      {
        atol: 1e-6,
      },
    );
  });
});
