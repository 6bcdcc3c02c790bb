import * as tf from '@strata/core';
import { expect, test } from 'vitest';
import { expectMatchesCpu, input } from './compare-with-cpu.js';
import { configureWasm } from './index.js';

interface ThreadedBackend {
  wasm: {
    tfjs: { getThreadsCount(): number };
    PThread?: { runningWorkers: { threadId?: number }[] };
  };
}

// Asked for explicitly, so the test means the same on a 2-core and a 64-core machine.
configureWasm({ threads: 2 });

test('threads: 2 starts a 2-thread pool in Node, and results match cpu', async () => {
  await tf.useBackend('wasm');
  const details = (await tf.listBackends()).find((b) => b.name === 'wasm')?.details;
  expect(details).toMatchObject({ simd: true, threads: 2, binary: 'tfjs-backend-wasm-threaded-simd.wasm' });
  expect(details).not.toHaveProperty('threadsNote');

  const { wasm } = tf.backend() as unknown as ThreadedBackend;
  expect(wasm.tfjs.getThreadsCount()).toBe(2); // XNNPACK's pool, as the C++ side reports it
  // The pool is the calling thread plus one pthread, which runs in a Node worker_threads Worker.
  const workers = wasm.PThread?.runningWorkers ?? [];
  expect(workers).toHaveLength(1);
  expect(workers[0]!.threadId).toBeGreaterThan(0);

  // pthreadpool's caller waits for every pool thread to check in on each parallel call, so these finishing (not
  // hanging) shows the worker thread ran; the values show it computed the right thing.
  await expectMatchesCpu((a, b) => tf.matMul(a!, b!), [input([96, 80], 1), input([80, 64], 2)]);
  await expectMatchesCpu((a, b) => tf.matMul(a!, b!, true, true), [input([80, 96], 3), input([64, 80], 4)]);
  await expectMatchesCpu(
    (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
    [input([2, 16, 16, 8], 5), input([3, 3, 8, 16], 6)],
  );
});
