import { availableParallelism } from 'node:os';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, input } from './compare-with-cpu.js';
import { configureWasm, plugin } from './index.js';

const details = async () => (await tf.listBackends()).find((b) => b.name === 'wasm')?.details;

describe('@strata/backend-wasm in Node', () => {
  test('importing registers the plugin (priority 2: above cpu, below webgl) without loading it', async () => {
    const info = (await tf.listBackends()).find((b) => b.name === 'wasm');
    expect(info).toMatchObject({ name: 'wasm', priority: 2, loaded: false });
    expect(tf.getBackendPlugin('wasm')).toBe(plugin);
  });

  test("useBackend('wasm') loads with no configuration, leaving Node's globals as they were", async () => {
    const listeners =
      process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
    expect(await tf.useBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect('Worker' in globalThis).toBe(false); // Emscripten's threaded glue sets it; we take it back
    expect(
      process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length,
    ).toBe(listeners);
  });

  test('describe() reports SIMD, the real thread count, the binary and the kernels it adds', async () => {
    await tf.useBackend('wasm');
    const threads = Math.min(availableParallelism(), 8);
    const backend = tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } };
    expect(backend.wasm.tfjs.getThreadsCount()).toBe(threads);
    expect(await details()).toMatchObject({
      runtime: 'node',
      simd: true,
      threads,
      binary: threads > 1 ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm',
      kernelsAdded: [
        'Conv2DBackpropFilter',
        'DepthwiseConv2dNativeBackpropFilter',
        'DepthwiseConv2dNativeBackpropInput',
        'UnsortedSegmentSum',
      ],
      kernelsReplaced: [
        'MaxPoolGrad',
        'OneHot',
        'Sign',
        'BatchMatMul',
        '_FusedMatMul',
        'Cast',
        'ClipByValue',
        'Maximum',
        'Minimum',
        'Relu6',
        'Slice',
        'Sum',
      ],
    });
    expect(String((await details())?.wasmUrl)).toMatch(/@tensorflow[/+]tfjs-backend-wasm.*dist/);
  });

  test('configureWasm() after loading says it came too late and what to do', async () => {
    await tf.useBackend('wasm');
    expect(() => configureWasm({ threads: 1 })).toThrow(/before the first useBackend\('wasm'\)/);
  });
});

describe('results match the cpu backend', () => {
  beforeAll(async () => {
    await tf.useBackend('wasm');
  });

  test.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('matMul with transposeA=%s, transposeB=%s, 2-D and batched with broadcasting', async (ta, tb) => {
    const a = input(ta ? [24, 17] : [17, 24], 1);
    const b = input(tb ? [9, 24] : [24, 9], 2);
    await expectMatchesCpu((x, y) => tf.matMul(x!, y!, ta, tb), [a, b]);
    const a3 = input(ta ? [3, 24, 17] : [3, 17, 24], 3);
    const b3 = input(tb ? [1, 9, 24] : [1, 24, 9], 4);
    await expectMatchesCpu((x, y) => tf.matMul(x!, y!, ta, tb), [a3, b3]);
  });

  test.each([
    ['relu', [2, 12, 7], [2, 5, 12], [5], true, true],
    ['linear', [3, 7, 12], [1, 12, 5], [5], false, false],
    ['relu6', [3, 12, 7], [1, 12, 5], [7, 5], true, false],
    ['elu', [1, 7, 12], [1, 5, 12], [5], false, true],
    ['sigmoid', [2, 7, 12], [2, 12, 5], undefined, false, false],
    ['leakyrelu', [1, 7, 12], [1, 12, 5], [1, 5], false, false],
    ['prelu', [2, 12, 7], [1, 12, 5], [5], true, false],
  ] as const)(
    'fused matMul + bias + %s, a %j, b %j, bias %j, transposed %s/%s',
    async (activation, aShape, bShape, biasShape, ta, tb) => {
      const inputs = [
        input([...aShape], 5),
        input([...bShape], 6),
        input([...(biasShape ?? [1])], 7),
        input([5], 8),
      ];
      await expectMatchesCpu(
        (a, b, bias, alpha) =>
          tf.fused.matMul({
            a: a!,
            b: b!,
            bias: biasShape ? bias : undefined,
            transposeA: ta,
            transposeB: tb,
            activation,
            preluActivationWeights: activation === 'prelu' ? alpha : undefined,
            leakyreluAlpha: 0.3,
          }),
        inputs,
      );
    },
  );

  test('int32 matMul (tfjs-backend-wasm 4.22 rejects it), plain, transposed and batched', async () => {
    const ints = (shape: number[], seed: number) => input(shape, seed, [-50, 50]);
    await expectMatchesCpu((x, y) => tf.matMul(x!, y!), [ints([5, 7], 1), ints([7, 3], 2)], {
      atol: 0,
      rtol: 0,
    });
    await expectMatchesCpu(
      (x, y) => tf.matMul(x!, y!, true, true),
      [ints([2, 7, 5], 3), ints([1, 3, 7], 4)],
      {
        atol: 0,
        rtol: 0,
      },
    );
  });

  test('conv2d (strides, same/valid padding) and softmax', async () => {
    const x = input([2, 9, 9, 3], 8);
    const w = input([3, 3, 3, 4], 9);
    await expectMatchesCpu((a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), [x, w]);
    await expectMatchesCpu((a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'), [x, w]);
    await expectMatchesCpu((a) => tf.softmax(a!), [input([4, 10], 10)], { atol: 1e-6 });
  });

  test('gradients of mean(relu(conv2d(x, w))) with respect to x and w', async () => {
    const x = input([2, 8, 8, 3], 11);
    const w = input([3, 3, 3, 5], 12);
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf.mean(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
    const [dx, dw] = await expectMatchesCpu((a, b) => tf.grads(loss)([a!, b!]), [x, w], { atol: 1e-6 });
    expect(dx!.shape).toEqual([2, 8, 8, 3]);
    expect(dw!.shape).toEqual([3, 3, 3, 5]);
    expect(dw!.values.some((v) => v !== 0)).toBe(true);
  });

  test('gradients through a dense layer (transposed matMuls) and an embedding lookup (gather)', async () => {
    const x = input([6, 10], 13);
    const kernel = input([10, 4], 14);
    const table = input([7, 3], 15);
    const ids = input([6], 16, [0, 7]);
    const loss = (a: tf.Tensor, k: tf.Tensor, t: tf.Tensor, i: tf.Tensor) =>
      tf.add(tf.sum(tf.square(tf.matMul(a, k))), tf.sum(tf.mul(tf.gather(t, i), 0.5)));
    await expectMatchesCpu(
      (a, k, t, i) => tf.grads((p, q, r) => loss(p!, q!, r!, i!))([a!, k!, t!]),
      [x, kernel, table, ids],
    );
  });
});
