import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ArrayBackend } from './array-backend.js';
import { defineBackend } from './define-backend.js';
import { defineKernel } from './define-kernel.js';
import { kernelOrigin, kernelSources, kernelsOf } from './kernels-of.js';

const calls = { relu: 0, matMul: 0 };

const relu = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) => {
  calls.relu++;
  const v = readValues(x);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Math.max(v[i], 0);
  return makeOutput(out, x.shape);
});

// A plain triple loop over the last two axes; enough for the 2-D products of an MLP and its gradients.
const matMul = defineKernel(
  'MatMul',
  ({ inputs: { a, b }, attrs: { transposeA, transposeB }, readValues, makeOutput }) => {
    calls.matMul++;
    const [m, k] = transposeA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
    const n = transposeB ? b.shape[0]! : b.shape[1]!;
    const av = readValues(a);
    const bv = readValues(b);
    const out = new Float32Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) {
          sum += av[transposeA ? p * m + i : i * k + p] * bv[transposeB ? j * k + p : p * n + j];
        }
        out[i * n + j] = sum;
      }
    }
    return makeOutput(out, [m, n]);
  },
);

const reluPlugin = defineBackend({ name: 'kit-relu', base: 'cpu', kernels: [relu] });
const matMulPlugin = defineBackend({ name: 'kit-matmul', base: 'cpu', kernels: [matMul] });
tf.registerBackendPlugin(reluPlugin);
tf.registerBackendPlugin(matMulPlugin);

beforeAll(async () => {
  await tf.useBackend('cpu');
});
afterEach(async () => {
  await tf.useBackend('cpu');
});

describe('defineBackend with a base', () => {
  test('useBackend activates the plugin; its own kernel runs, the others are inherited from cpu', async () => {
    expect(await tf.useBackend('kit-relu')).toBe('kit-relu');
    expect(tf.getBackend()).toBe('kit-relu');
    const before = calls.relu;
    const y = tf.relu(tf.tensor1d([-1, 0, 2, Number.NaN]));
    expect(Array.from(await y.data())).toEqual([0, 0, 2, Number.NaN]);
    expect(calls.relu).toBe(before + 1);
    // matMul is cpu's, inherited.
    expect(await tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).data()).toEqual(
      new Float32Array([11]),
    );

    const sources = kernelSources('kit-relu');
    expect(sources).toMatchObject({ backend: 'kit-relu', base: 'cpu', native: ['Relu'] });
    expect(sources.inherited).toContain('Conv2DBackpropFilter');
    expect(sources.inherited).not.toContain('Relu');
    expect(kernelsOf('kit-relu')).toEqual(kernelsOf('cpu'));
    expect(kernelOrigin('kit-relu', 'Relu')).toBe('native');
    expect(kernelOrigin('kit-relu', 'BatchMatMul')).toBe('inherited');
    expect(kernelOrigin('kit-relu', 'NoSuchKernel')).toBe('missing');
    expect(kernelOrigin('cpu', 'Relu')).toBe('native');
    tf.disposeVariables();
  });

  test('loading leaves the backend the caller had active, and listBackends describes the plugin', async () => {
    const plugin = defineBackend({ name: 'kit-listed', base: 'cpu', kernels: [relu], priority: 0 });
    tf.registerBackendPlugin(plugin);
    await plugin.load(); // as a tool that loads without activating would
    expect(tf.currentBackend()).toBe('cpu');
    await tf.useBackend('kit-listed');
    const info = (await tf.listBackends()).find((b) => b.name === 'kit-listed');
    expect(info).toMatchObject({ loaded: true, active: true, details: { base: 'cpu', kernels: ['Relu'] } });
  });

  test('a model trains on a plugin made of one custom kernel, and that kernel did the work', async () => {
    // The same 4-8-3 MLP and data on cpu and on the plugin; losses must agree step by step.
    async function train(backend: string): Promise<number[]> {
      await tf.useBackend(backend);
      const before = tf.memory().numTensors;
      const w1 = tf.tidy(() => tf.variable(tf.randomNormal([4, 8], 0, 0.5, 'float32', 1)));
      const b1 = tf.tidy(() => tf.variable(tf.zeros([8])));
      const w2 = tf.tidy(() => tf.variable(tf.randomNormal([8, 3], 0, 0.5, 'float32', 2)));
      const x = tf.randomNormal([16, 4], 0, 1, 'float32', 3);
      const y = tf.tidy(() =>
        tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3),
      );
      const optimizer = tf.train.sgd(0.5);
      const losses: number[] = [];
      for (let step = 0; step < 8; step++) {
        const loss = optimizer.minimize(
          () =>
            tf.losses.softmaxCrossEntropy(
              y,
              tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2),
            ) as tf.Scalar,
          true,
        )!;
        losses.push((await loss.data())[0]!);
        loss.dispose();
      }
      optimizer.dispose();
      tf.dispose([w1, b1, w2, x, y]);
      expect(tf.memory().numTensors).toBe(before);
      return losses;
    }
    const reference = await train('cpu');
    const callsBefore = calls.matMul;
    const mine = await train('kit-matmul');
    // Forward x·w1, h·w2, and the backward products: at least 4 calls a step.
    expect(calls.matMul - callsBefore).toBeGreaterThanOrEqual(8 * 4);
    expect(mine[7]!).toBeLessThan(mine[0]! * 0.8);
    for (let i = 0; i < reference.length; i++) expect(mine[i]).toBeCloseTo(reference[i]!, 5);
  });

  test('tensors move between the base and the plugin in both directions and nothing leaks', async () => {
    await tf.useBackend('cpu');
    const a = tf.tensor2d([[1, -2]]);
    const numTensors = tf.memory().numTensors;
    await tf.useBackend('kit-relu');
    const r = tf.relu(a);
    await tf.useBackend('cpu');
    const sum = tf.add(r, a);
    expect(Array.from(await sum.data())).toEqual([2, -2]);
    tf.dispose([r, sum]);
    expect(tf.memory().numTensors).toBe(numTensors);

    // Backend-level storage: the plugin adds nothing to what cpu itself keeps for the same work
    // (tfjs's cpu matMul with transposeB keeps one data id of its own).
    const dataIdsAdded = async (backend: string) => {
      await tf.useBackend(backend);
      const before = tf.engine().backend.numDataIds();
      tf.tidy(() => tf.relu(tf.matMul(a, a, false, true)));
      return tf.engine().backend.numDataIds() - before;
    };
    expect(await dataIdsAdded('kit-relu')).toBe(await dataIdsAdded('cpu'));
    a.dispose();
  });

  test('wrap sees every kernel call, own and inherited', async () => {
    const seen: string[] = [];
    const plugin = defineBackend({
      name: 'kit-wrapped',
      base: 'cpu',
      kernels: [relu],
      wrap: (call, next) => {
        seen.push(`${call.kernelName}@${call.backendName}`);
        return next();
      },
    });
    tf.registerBackendPlugin(plugin);
    await tf.useBackend('kit-wrapped');
    const y = tf.tidy(() => tf.relu(tf.add(tf.tensor1d([1, -3]), 1)));
    expect(Array.from(await y.data())).toEqual([2, 0]);
    y.dispose();
    expect(seen).toEqual(['Add@kit-wrapped', 'Relu@kit-wrapped']);
  });
});

describe('defineBackend without a base', () => {
  const add = defineKernel('Add', ({ inputs: { a, b }, readValues, makeOutput }) => {
    // Same-shape inputs only: enough to show a backend built from nothing but kernels.
    const av = readValues(a);
    const bv = readValues(b);
    return makeOutput(
      av.map((v, i) => v + bv[i]),
      a.shape,
      a.dtype === 'int32' ? 'int32' : 'float32',
    );
  });
  const plugin = defineBackend({ name: 'kit-bare', kernels: [add, relu] });
  tf.registerBackendPlugin(plugin);

  test('stores tensors in an ArrayBackend and runs only its own kernels', async () => {
    await tf.useBackend('kit-bare');
    expect(tf.backend()).toBeInstanceOf(ArrayBackend);
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => tf.relu(tf.add(tf.tensor1d([1, -5, 3]), tf.tensor1d([1, 1, 1]))));
    expect(Array.from(await y.data())).toEqual([2, 0, 4]);
    const i = tf.tidy(() => tf.add(tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 4], 'int32')));
    expect(i.dtype).toBe('int32');
    expect(Array.from(await i.data())).toEqual([4, 6]);
    tf.dispose([y, i]);
    expect(tf.memory().numTensors).toBe(before);
    expect(kernelSources('kit-bare')).toEqual({
      backend: 'kit-bare',
      native: ['Add', 'Relu'],
      inherited: [],
    });
    expect(() => tf.matMul(tf.ones([1, 1]), tf.ones([1, 1]))).toThrow(/BatchMatMul.*kit-bare/);
  });

  test('a tensor made on cpu is usable on it, and its results are usable on cpu', async () => {
    await tf.useBackend('cpu');
    const a = tf.tensor1d([1, 2]);
    await tf.useBackend('kit-bare');
    const b = tf.add(a, a);
    await tf.useBackend('cpu');
    expect(Array.from(await tf.mul(b, 2).data())).toEqual([4, 8]);
    tf.dispose([a, b]);
  });
});

describe('errors a plugin author can cause', () => {
  test('a kernel that makes an output of the wrong size names the kernel, the backend, the inputs and the fix', async () => {
    const bad = defineKernel('Sigmoid', ({ inputs: { x }, makeOutput }) => makeOutput([1, 2], x.shape));
    tf.registerBackendPlugin(defineBackend({ name: 'kit-bad-size', base: 'cpu', kernels: [bad] }));
    await tf.useBackend('kit-bad-size');
    const before = tf.memory().numTensors;
    const x = tf.ones([2, 3]);
    expect(() => tf.sigmoid(x)).toThrow(
      /Kernel 'Sigmoid' of backend 'kit-bad-size' failed on inputs x: float32 \[2, 3\].*2 values for shape \[2, 3\], which holds 6.*new Float32Array\(6\)/,
    );
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a kernel that returns something other than tensors is reported', async () => {
    const bad = defineKernel('Tanh', () => [] as unknown as ReturnType<typeof tf.engine>['backend'] as never);
    tf.registerBackendPlugin(defineBackend({ name: 'kit-bad-return', base: 'cpu', kernels: [bad] }));
    await tf.useBackend('kit-bad-return');
    const undefinedReturn = defineKernel('Tanh', () => undefined as never);
    tf.registerBackendPlugin(
      defineBackend({ name: 'kit-bad-return-2', base: 'cpu', kernels: [undefinedReturn] }),
    );
    await tf.useBackend('kit-bad-return-2');
    expect(() => tf.tanh(tf.ones([2]))).toThrow(
      /'Tanh' of backend 'kit-bad-return-2' returned undefined, not tensors.*makeOutput/,
    );
  });

  test('unknown kernel names suggest the tfjs name', () => {
    expect(() => defineKernel('Conv2d' as never, () => undefined as never)).toThrow(
      /Unknown kernel 'Conv2d'.*'Conv2D'/,
    );
    expect(() => defineKernel('MatMull' as never, () => undefined as never)).toThrow(/'MatMul'/);
  });

  test('aliases register under the tfjs name', () => {
    expect(matMul.name).toBe('BatchMatMul');
    expect(defineKernel('Mul', ({ inputs: { a } }) => a).name).toBe('Multiply');
  });

  test('definitions that cannot work are refused when defined, with the fix', () => {
    expect(() => defineBackend({ name: '', kernels: [] })).toThrow(/non-empty `name`/);
    expect(() => defineBackend({ name: 'x', kernels: [] })).toThrow(/no kernels and no base.*base: 'cpu'/);
    expect(() => defineBackend({ name: 'x', base: 'x', kernels: [] })).toThrow(/base names another/);
    expect(() => defineBackend({ name: 'x', base: 'cpu', kernels: [relu, relu] })).toThrow(
      /two kernels for Relu/,
    );
    expect(() => defineBackend({ name: 'x', base: 'cpu', kernels: [() => 1] as never })).toThrow(
      /kernels\[0\] was not made with defineKernel/,
    );
  });

  test('a base that is not registered fails at useBackend, says which import is missing, and changes nothing', async () => {
    tf.registerBackendPlugin(defineBackend({ name: 'kit-orphan', base: 'quantum', kernels: [relu] }));
    await expect(tf.useBackend('kit-orphan')).rejects.toThrow(
      /'kit-orphan' inherits from 'quantum', but no plugin named 'quantum' is registered.*@strata\/backend-quantum/,
    );
    expect(tf.currentBackend()).toBe('cpu');
    expect(tf.getKernel('Relu', 'kit-orphan')).toBeUndefined();
  });

  test('kernelsOf an unloaded or unknown backend says what to do', () => {
    tf.registerBackendPlugin(defineBackend({ name: 'kit-unloaded', base: 'cpu', kernels: [] }));
    expect(() => kernelsOf('kit-unloaded')).toThrow(/await useBackend\('kit-unloaded'\)/);
    expect(() => kernelsOf('nope')).toThrow(/No backend named 'nope'/);
  });
});
