import * as tf from '@strata/core';
import { expect, test } from 'vitest';
import { expectMatchesCpu, fixed, input } from './compare-with-cpu.js';
import { configureWasm } from './index.js';

configureWasm({ threads: 1 });

test('threads: 1 loads the single-threaded SIMD build, starts no workers, and says why', async () => {
  await tf.useBackend('wasm');
  const details = (await tf.listBackends()).find((b) => b.name === 'wasm')?.details;
  expect(details).toMatchObject({
    simd: true,
    threads: 1,
    binary: 'tfjs-backend-wasm-simd.wasm',
    threadsNote: 'single-threaded: one thread was requested',
  });
  const { wasm } = tf.backend() as unknown as { wasm: { PThread?: unknown } };
  expect(wasm.PThread).toBeUndefined();
  await expectMatchesCpu((a, b) => tf.matMul(a!, b!, false, true), [input([30, 20], 1), input([10, 20], 2)]);
});

test("the single-threaded build's own (not shared) memory is scanned for NaN too", async () => {
  await tf.useBackend('wasm');
  const { wasm } = tf.backend() as unknown as { wasm: { memory?: WebAssembly.Memory } };
  expect(wasm.memory).toBeInstanceOf(WebAssembly.Memory);
  expect(wasm.memory!.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  const probe = tf.tensor1d([1]);
  const view = (
    tf.backend() as unknown as { typedArrayFromHeap(t: tf.Tensor): Float32Array }
  ).typedArrayFromHeap(probe);
  expect(view.buffer, 'heap views share the memory the SIMD scan reads').toBe(wasm.memory!.buffer);
  probe.dispose();
  await expectMatchesCpu((x) => tf.relu6(x!), [fixed([Number.NaN, 7, -1, 3, 2, 1, 0, Number.NaN, 5])]);
});
