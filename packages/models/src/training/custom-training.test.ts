import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Dense } from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import { Mean } from '../metrics/mean.js';
import { SGD } from '../optimizers/sgd.js';
import { Stack, toyData } from './test-models.js';
import type { StepData } from './training-types.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

/** The Keras 3 guide's custom train_step, in Strata. */
class CustomStep extends Stack {
  steps = 0;
  override trainStep({ x, y }: StepData) {
    this.steps++;
    let yPred!: tf.Tensor;
    const { value: loss, grads } = tf.variableGrads(() => {
      // variableGrads frees what its function made except the loss: keep the predictions for the metrics.
      yPred = tf.keep(this.apply(x as tf.Tensor, { training: true }));
      return this.computeLoss({ x, y, yPred });
    }, this.trainableWeights);
    this.optimizer.applyGradients(grads);
    this.computeMetrics({ x, y, yPred, loss });
    yPred.dispose();
  }
}

const sameWeights = (a: Stack, b: Stack) => {
  const [wa, wb] = [a.getWeights(), b.getWeights()];
  wa.forEach((w, i) => {
    tf.test_util.expectArraysClose(w.dataSync(), wb[i]!.dataSync(), 1e-6);
  });
  tf.dispose([...wa, ...wb]);
};

const twin = (model: Stack, x: tf.Tensor) => {
  const other = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
  tf.dispose([model.predict(x), other.predict(x)]);
  const w = model.getWeights();
  other.setWeights(w);
  tf.dispose(w);
  return other;
};

describe('custom trainStep', () => {
  test('fit uses the override, with its callbacks and logs; it trains exactly like the default step', async () => {
    const { x, y } = toyData(32, 4, 3);
    const custom = new CustomStep([new Dense({ units: 3, activation: 'softmax' })]);
    const plain = twin(custom, x);
    for (const m of [custom, plain]) {
      m.compile({
        optimizer: new SGD({ learningRate: 0.5 }),
        loss: 'sparse_categorical_crossentropy',
        metrics: ['accuracy'],
      });
    }
    let epochs = 0;
    const counter = new LambdaCallback({ onEpochEnd: () => void epochs++ });
    const ha = await custom.fit(x, y, {
      epochs: 2,
      batchSize: 8,
      shuffle: false,
      callbacks: [counter],
      verbose: 0,
    });
    const hb = await plain.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    expect(custom.steps).toBe(8);
    expect(epochs).toBe(2);
    expect(Object.keys(ha.history)).toEqual(['loss', 'accuracy']);
    ha.history.loss!.forEach((l, i) => {
      expect(l).toBeCloseTo(hb.history.loss![i]!, 5);
    });
    sameWeights(custom, plain);
    tf.dispose([x, y]);
    custom.dispose();
    plain.dispose();
  });

  test('a step may compute its own loss (no loss compiled) and return its logs', async () => {
    class OwnLoss extends Stack {
      tracker = new Mean({ name: 'loss' }); // a Metric field is in model.metrics and reset each epoch
      override trainStep({ x, y }: StepData) {
        const { value, grads } = tf.variableGrads(
          () =>
            tf.mean(
              meanSquaredError(y as tf.Tensor, this.apply(x as tf.Tensor, { training: true })),
            ) as tf.Scalar,
          this.trainableWeights,
        );
        this.optimizer.applyGradients(grads);
        this.tracker.updateState(value);
        return { loss: this.tracker.result(), lr: 0.1 };
      }
    }
    const model = new OwnLoss([new Dense({ units: 1, useBias: false, kernelInitializer: 'zeros' })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }) });
    expect(model.metrics).toEqual([model.tracker]);
    const x = tf.tensor2d([[1], [2]]);
    const y = tf.tensor2d([[2], [4]]);
    const history = await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    expect(history.history.loss![0]).toBeCloseTo(10, 5); // as by hand in fit.test.ts
    expect(history.history.loss![1]).toBeCloseTo(2.5, 5);
    expect(history.history.lr).toEqual([0.1, 0.1]);
    // Without a compiled loss, the default test step has nothing to compute.
    await expect(model.evaluate(x, y, { verbose: 0 })).rejects.toThrow(
      /no loss to compute.*compile\(\{ optimizer, loss \}\)/,
    );
    tf.dispose([x, y]);
    model.dispose();
  });

  test('testStep and predictStep overrides are used by evaluate and predict', async () => {
    class Doubled extends Stack {
      override predictStep(data: StepData) {
        return tf.mul(super.predictStep(data) as tf.Tensor, 2);
      }
      override testStep(data: StepData) {
        super.testStep(data);
        return { loss: 7 };
      }
    }
    const model = new Doubled([new Dense({ units: 1, useBias: false, kernelInitializer: 'ones' })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.tensor2d([[1], [3]]);
    const p = model.predict(x) as tf.Tensor;
    tf.test_util.expectArraysClose(p.dataSync(), [2, 6]);
    expect(await model.evaluate(x, x, { verbose: 0 })).toBe(7);
    tf.dispose([x, p]);
    model.dispose();
  });
});

describe('a training loop written by hand', () => {
  test('tf.variableGrads over model.trainableWeights + optimizer.applyGradients = trainOnBatch', async () => {
    const { x, y } = toyData(16, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    const reference = twin(model, x);
    reference.compile({ optimizer: new SGD({ learningRate: 0.3 }), loss: 'sparse_categorical_crossentropy' });
    const optimizer = new SGD({ learningRate: 0.3 });
    const lossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) =>
      tf.neg(tf.mean(tf.log(tf.sum(tf.mul(tf.oneHot(yTrue as tf.Tensor1D, 3), yPred), -1)))) as tf.Scalar;
    for (let step = 0; step < 3; step++) {
      const manual = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(
          () => lossFn(y, model.apply(x, { training: true })),
          model.trainableWeights,
        );
        optimizer.applyGradients(grads);
        return value.dataSync()[0]!;
      });
      model.clearLosses(); // regularization terms of the last call (none here)
      expect(manual).toBeCloseTo((await reference.trainOnBatch(x, y)) as number, 5);
    }
    sameWeights(model, reference);
    tf.dispose([x, y]);
    model.dispose();
    reference.dispose();
    optimizer.dispose();
  });
});
