// The lesson's subclassed MNIST model (@strata/models) on a plugin made with the kit: it traces, compiles and
// fits unchanged, the plugin's own kernel does the work, and the losses are cpu's. Dev-only: the kit itself does
// not depend on @strata/layers or @strata/models.
import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { type CallArgs, Dense, Flatten } from '@strata/layers';
import { Model } from '@strata/models';
import { beforeAll, describe, expect, test } from 'vitest';
import { defineBackend } from './define-backend.js';
import { defineKernel } from './define-kernel.js';
import { assertKernels, missingKernels } from './trace-kernels.js';

class MnistModel extends Model {
  flatten = new Flatten();
  hidden = new Dense({ units: 128, activation: 'relu' });
  out = new Dense({ units: 10, activation: 'softmax' });
  override call(x: tf.Tensor, _kwargs?: CallArgs): tf.Tensor {
    return this.out.apply(this.hidden.apply(this.flatten.apply(x))) as tf.Tensor;
  }
}

let matMulCalls = 0;
// Batched products with a triple loop (batch dims equal, or 1 on one side): what Dense runs, forward and backward.
const matMul = defineKernel(
  'MatMul',
  ({ inputs: { a, b }, attrs: { transposeA, transposeB }, readValues, makeOutput }) => {
    matMulCalls++;
    const rank = a.shape.length;
    const [m, k] = transposeA
      ? [a.shape[rank - 1]!, a.shape[rank - 2]!]
      : [a.shape[rank - 2]!, a.shape[rank - 1]!];
    const n = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
    const batchA = a.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const batchB = b.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const batchShape = (batchA >= batchB ? a : b).shape.slice(0, -2);
    const batch = Math.max(batchA, batchB);
    const av = readValues(a);
    const bv = readValues(b);
    const out = new Float32Array(batch * m * n);
    for (let t = 0; t < batch; t++) {
      const aOff = (batchA === 1 ? 0 : t) * m * k;
      const bOff = (batchB === 1 ? 0 : t) * k * n;
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < k; p++) {
          const x = av[aOff + (transposeA ? p * m + i : i * k + p)];
          if (x === 0) continue;
          for (let j = 0; j < n; j++)
            out[t * m * n + i * n + j] += x * bv[bOff + (transposeB ? j * k + p : p * n + j)];
        }
      }
    }
    return makeOutput(out, [...batchShape, m, n]);
  },
);

const x = () => tf.randomUniform([64, 28, 28], 0, 1, 'float32', 1);
const y = () =>
  tf.tensor1d(
    Array.from({ length: 64 }, (_, i) => (i * 7) % 10),
    'float32',
  );

beforeAll(async () => {
  tf.registerBackendPlugin(defineBackend({ name: 'kit-mnist', base: 'cpu', kernels: [matMul] }));
  tf.registerBackendPlugin(defineBackend({ name: 'kit-mnist-bare', kernels: [matMul] }));
  await tf.useBackend('kit-mnist');
  await tf.useBackend('kit-mnist-bare');
  await tf.useBackend('cpu');
});

describe("the lesson's subclassed MNIST model", () => {
  test('its kernel needs are known before compile: all there with base cpu, listed without', async () => {
    const model = new MnistModel();
    model.build([null, 28, 28]);
    await expect(assertKernels('kit-mnist', model, { training: true })).resolves.toBeUndefined();
    const missing = await missingKernels('kit-mnist-bare', model, { training: true });
    expect(missing).toEqual(expect.arrayContaining(['Relu', 'Softmax', 'Reshape']));
    expect(missing).not.toContain('BatchMatMul');
    await expect(assertKernels('kit-mnist-bare', model)).rejects.toThrow(
      /Backend 'kit-mnist-bare' has no kernel for .*Relu.*needed by the forward and backward pass of 'mnist_model.*set base: 'cpu'/,
    );
    model.dispose();
  });

  test('compiles and fits on the plugin like on cpu, with its own matMul doing the products', async () => {
    async function train(backend: string, weights?: tf.Tensor[]) {
      await tf.useBackend(backend);
      const model = new MnistModel();
      model.build([null, 28, 28]);
      if (weights) model.setWeights(weights);
      const initial = model.getWeights();
      model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
      const [xs, ys] = [x(), y()];
      const history = await model.fit(xs, ys, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0 });
      tf.dispose([xs, ys]);
      model.dispose();
      return { losses: history.history.loss as number[], initial };
    }
    const reference = await train('cpu');
    const before = tf.memory().numTensors;
    matMulCalls = 0;
    const mine = await train('kit-mnist', reference.initial);
    tf.dispose(reference.initial);
    tf.dispose(mine.initial);
    // Dense's forward runs cpu's fused kernel (_FusedMatMul, inherited); the backward products are BatchMatMul:
    // the kernel gradient of both layers and the hidden layer's input gradient, x 2 batches x 3 epochs.
    expect(matMulCalls).toBeGreaterThanOrEqual(3 * 2 * 3);
    expect(mine.losses).toHaveLength(3);
    expect(mine.losses[2]!).toBeLessThan(mine.losses[0]!);
    mine.losses.forEach((loss, i) => {
      expect(loss).toBeCloseTo(reference.losses[i]!, 4);
    });
    expect(tf.memory().numTensors).toBe(before - reference.initial.length);
  });
});
