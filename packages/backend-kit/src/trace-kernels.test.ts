import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defineBackend } from './define-backend.js';
import { defineKernel } from './define-kernel.js';
import { assertKernels, missingKernels, traceKernels } from './trace-kernels.js';

// Layer-shaped objects, as @strata/layers and @strata/models expose them (name, declared input, apply).
function convLayer() {
  const filter = tf.variable(tf.randomNormal([3, 3, 1, 2], 0, 0.3, 'float32', 5), true, 'conv_kernel');
  return {
    name: 'conv2d_1',
    batchInputShape: [null, 6, 6, 1] as (number | null)[],
    filter,
    apply: (x: tf.Tensor) => tf.relu(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same')),
  };
}
function denseLayer(units: number, inputDim: number) {
  const kernel = tf.variable(tf.randomNormal([inputDim, units], 0, 0.3, 'float32', 6), true);
  return { name: `dense_${units}`, kernel, apply: (x: tf.Tensor) => tf.matMul(x, kernel) };
}

let layers: { conv: ReturnType<typeof convLayer>; dense: ReturnType<typeof denseLayer> };
const relu = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) =>
  makeOutput(
    readValues(x).map((v) => Math.max(v, 0)),
    x.shape,
  ),
);
tf.registerBackendPlugin(defineBackend({ name: 'trace-bare', kernels: [relu] }));

beforeAll(async () => {
  await tf.useBackend('trace-bare');
  await tf.useBackend('cpu');
  layers = { conv: convLayer(), dense: denseLayer(3, 72) };
});
afterAll(() => {
  tf.dispose([layers.conv.filter, layers.dense.kernel]);
});

describe('traceKernels', () => {
  test('records the kernels a function dispatches', async () => {
    expect(
      await traceKernels(() =>
        tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 1, 'valid'),
      ),
    ).toEqual(['Conv2D']);
    expect(await traceKernels(() => tf.grad((x: tf.Tensor) => tf.relu(x))(tf.ones([2])))).toEqual(
      expect.arrayContaining(['Relu', 'Step', 'Multiply']),
    );
  });

  test('records the forward and backward pass of a layer, from its declared input shape', async () => {
    const kernels = await traceKernels(layers.conv);
    expect(kernels).toEqual(expect.arrayContaining(['Conv2D', 'Relu', 'Conv2DBackpropFilter']));
    // The input is not a weight: no gradient w.r.t. it.
    expect(kernels).not.toContain('Conv2DBackpropInput');
  });

  test("records a layer list applied in order (the second layer gets the first one's output)", async () => {
    const flatten = { name: 'flatten', apply: (x: tf.Tensor) => tf.reshape(x, [x.shape[0]!, -1]) };
    const kernels = await traceKernels([layers.conv, flatten, layers.dense]);
    expect(kernels).toEqual(
      expect.arrayContaining(['Conv2D', 'Conv2DBackpropFilter', 'Reshape', 'BatchMatMul', 'Relu', 'Step']),
    );
  });

  test("'training' records what losses and optimizers dispatch", async () => {
    const kernels = await traceKernels('training');
    expect(kernels).toEqual(
      expect.arrayContaining(['Sqrt', 'Square', 'RealDiv', 'Maximum', 'Log', 'ClipByValue', 'Mean']),
    );
  });

  test('leaves the active backend and the tensor count as they were', async () => {
    await tf.useBackend('cpu');
    const before = tf.memory().numTensors;
    await traceKernels(layers.conv, { training: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.currentBackend()).toBe('cpu');
  });

  test('a model without a declared input shape needs one, and is told how', async () => {
    const model = { name: 'my_model', apply: (x: tf.Tensor) => tf.relu(x) };
    await expect(traceKernels(model)).rejects.toThrow(
      /input shape of 'my_model'.*\{ input: \[2, 28, 28, 1\] \}/,
    );
    // Other tests' weights exist, so the forward pass runs on a tape: saved tensors are cloned (Identity).
    expect(await traceKernels(model, { input: [2, 3] })).toEqual(['Identity', 'Relu']);
    expect(await traceKernels({ ...model, trainableWeights: [] }, { input: [2, 3] })).toEqual([
      'Identity',
      'Relu',
    ]);
  });
});

describe('missingKernels and assertKernels', () => {
  test('lists what a backend lacks for a workload', async () => {
    expect(await missingKernels('cpu', layers.conv, { training: true })).toEqual([]);
    const missing = await missingKernels('trace-bare', layers.conv);
    expect(missing).toEqual(expect.arrayContaining(['Conv2D', 'Conv2DBackpropFilter']));
    expect(missing).not.toContain('Relu');
  });

  test('assertKernels throws a MissingKernelError that names the kernels, the model and the fix', async () => {
    const error = await assertKernels('trace-bare', layers.conv).catch((e) => e);
    expect(tf.StrataError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(tf.MissingKernelError);
    expect(error.backend).toBe('trace-bare');
    expect(error.kernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter']));
    expect(error.message).toMatch(/Backend 'trace-bare' has no kernel for .*Conv2DBackpropFilter/);
    expect(error.message).toMatch(/needed by the forward and backward pass of 'conv2d_1'/);
    expect(error.message).toMatch(/set base: 'cpu' in defineBackend\(\{ name: 'trace-bare', \.\.\. \}\)/);
    expect(error.message).toMatch(/Backends here that have them: .*'cpu'/);
    await expect(assertKernels('cpu', layers.conv, { training: true })).resolves.toBeUndefined();
  });

  test('a plugin whose base lacks the kernels is told to implement them', async () => {
    tf.registerBackendPlugin(defineBackend({ name: 'trace-on-bare', base: 'trace-bare', kernels: [] }));
    await tf.useBackend('trace-on-bare');
    await tf.useBackend('cpu');
    await expect(assertKernels('trace-on-bare', () => tf.sigmoid(tf.ones([2])))).rejects.toThrow(
      /no kernel for Sigmoid\. .*Its base 'trace-bare' lacks them too: implement it with defineKernel\('Sigmoid', \.\.\.\)/,
    );
  });
});
