import * as tf from '@strata/core';
import { expect, test } from 'vitest';
import './index.js';

test("removing the backend stops its threads and keeps the process's own error listeners", async () => {
  const mine = () => {};
  process.on('unhandledRejection', mine);
  const before = process.listeners('uncaughtException').length;
  await tf.useBackend('wasm');
  const { wasm } = tf.backend() as unknown as { wasm: { PThread?: { runningWorkers: unknown[] } } };
  const pool = wasm.PThread;
  tf.removeBackend('wasm'); // disposes the tfjs backend, whose dispose() removes every such listener
  expect(process.listeners('unhandledRejection')).toContain(mine);
  expect(process.listeners('uncaughtException')).toHaveLength(before);
  if (pool) expect(pool.runningWorkers).toHaveLength(0);
  process.removeListener('unhandledRejection', mine);
});
