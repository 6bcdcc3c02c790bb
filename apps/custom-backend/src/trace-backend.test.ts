import '@strata/backend-cpu';
import '@strata/backend-wasm';
import * as tf from '@strata/core';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { KernelLog } from './kernel-log.js';
import { getTraceLog, registerTraceBackends, traceBackend } from './trace-backend.js';
import { trainConvNet } from './workload.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
  expect(registerTraceBackends(['cpu', 'wasm', 'not-registered'])).toEqual([
    'trace:cpu',
    'trace:wasm',
    'trace',
  ]);
});
afterEach(async () => {
  delete process.env.STRATA_BACKEND;
  await tf.useBackend('cpu');
});

describe('the trace backend', () => {
  test("counts every kernel call and gives the base backend's results", async () => {
    await tf.useBackend('trace:cpu');
    const log = getTraceLog('trace:cpu')!;
    log.reset();
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.tidy(() => tf.relu(tf.add(tf.add(tf.matMul(a, a), 1), -20)));
    expect(Array.from(await y.data())).toEqual([0, 0, 0, 3]);
    tf.dispose([a, y]);
    const counts = Object.fromEntries(log.entries().map((e) => [e.kernel, e.calls]));
    expect(counts).toEqual({ BatchMatMul: 1, Add: 2, Relu: 1 });
    for (const e of log.entries()) {
      expect(e.selfMs).toBeGreaterThanOrEqual(0);
      expect(e.selfMs).toBeLessThanOrEqual(e.totalMs + 1e-9);
    }
  });

  test('is picked at run time through STRATA_BACKEND, and never by default', async () => {
    process.env.STRATA_BACKEND = 'trace';
    expect(await tf.useBackend()).toBe('trace');
    expect(tf.getBackendPlugin('trace')?.describe?.()).toMatchObject({ base: 'cpu', tracing: true });
    delete process.env.STRATA_BACKEND;
    const best = (await tf.listBackends()).filter((b) => b.supported !== false)[0]!;
    expect(best.name.startsWith('trace')).toBe(false);
  });

  test('traces wasm the same way', async () => {
    await tf.useBackend('trace:wasm');
    const log = getTraceLog('trace:wasm')!;
    log.reset();
    const y = tf.tidy(() => tf.sum(tf.square(tf.tensor1d([1, 2, 3]))));
    expect(await y.data()).toEqual(new Float32Array([14]));
    y.dispose();
    expect(
      log
        .entries()
        .map((e) => e.kernel)
        .sort(),
    ).toEqual(['Square', 'Sum']);
  });

  test('profiles a training run: the conv kernels and their gradients, no tensors leaked', async () => {
    await tf.useBackend('trace:cpu');
    const log = getTraceLog('trace:cpu')!;
    log.reset();
    const before = tf.memory().numTensors;
    const { losses } = await trainConvNet(3, 4);
    expect(tf.memory().numTensors).toBe(before);
    expect(losses).toHaveLength(3);
    const counts = Object.fromEntries(log.entries().map((e) => [e.kernel, e.calls]));
    expect(counts).toMatchObject({ Conv2D: 3, MaxPool: 3, MaxPoolGrad: 3, Conv2DBackpropFilter: 3 });
    const table = log.format();
    expect(table.split('\n')[0]).toMatch(/^kernel\s+calls\s+self ms\s+total ms\s+mean ms\s+share$/);
    expect(table).toMatch(/\nConv2DBackpropFilter\s+3\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d{3}\s+\d+\.\d%/);
    // Shares of self time add up to 100%.
    const shares = table
      .split('\n')
      .slice(1)
      .map((line) => Number(line.trim().split(/\s+/).at(-1)!.replace('%', '')));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
  });

  test("the loss curve on trace:cpu is cpu's", async () => {
    await tf.useBackend('cpu');
    const reference = await trainConvNet(3, 4);
    await tf.useBackend('trace:cpu');
    const traced = await trainConvNet(3, 4);
    expect(traced.losses).toEqual(reference.losses);
  });
});

describe('KernelLog', () => {
  test('self time excludes the kernels a kernel dispatches itself', () => {
    const log = new KernelLog();
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {}
    };
    log.record('Outer', () => {
      busy(2);
      log.record('Inner', () => busy(4));
    });
    const [inner, outer] = [
      log.entries().find((e) => e.kernel === 'Inner')!,
      log.entries().find((e) => e.kernel === 'Outer')!,
    ];
    expect(outer.totalMs).toBeGreaterThanOrEqual(inner.totalMs);
    expect(outer.selfMs).toBeCloseTo(outer.totalMs - inner.totalMs, 6);
    expect(log.calls).toBe(2);
  });

  test('format shows the top kernels and how many more there are', () => {
    const log = new KernelLog();
    for (const k of ['A', 'B', 'C']) log.record(k, () => 0);
    expect(log.format({ top: 2 }).split('\n')).toHaveLength(4);
    expect(log.format({ top: 2 })).toMatch(/\.\.\. and 1 more kernels$/);
    log.reset();
    expect(log.entries()).toEqual([]);
  });

  test('a kernel that throws is still counted, and the error reaches the caller', () => {
    const log = new KernelLog();
    expect(() =>
      log.record('Boom', () => {
        throw new Error('bad attrs');
      }),
    ).toThrow('bad attrs');
    expect(log.entries()[0]).toMatchObject({ kernel: 'Boom', calls: 1 });
  });

  test('traceBackend can share one log between bases', () => {
    const log = new KernelLog();
    expect(traceBackend('cpu', { name: 'trace-shared-a', log }).log).toBe(log);
    expect(traceBackend('wasm', { name: 'trace-shared-b', log }).log).toBe(log);
  });
});
