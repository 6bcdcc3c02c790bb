import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Dataset } from '@strata/datasets';
import { Dense, Dropout, L1L2 } from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import { Stack, TwoInTwoOut, toyData } from './test-models.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

/** Runs `fn` once to create lasting state (optimizer slots, metric totals), then checks a second run leaks nothing. */
async function expectNoLeak(fn: () => Promise<unknown> | unknown, returned = 0): Promise<void> {
  // Only tensors: tf.dispose walks any object, and a History holds the model.
  const keep = (value: unknown) => {
    if (value instanceof tf.Tensor || Array.isArray(value)) tf.dispose(value as tf.Tensor[]);
  };
  keep(await fn());
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors).toBe(before + returned);
  keep(result);
}

describe('no tensor leaks', () => {
  let x: tf.Tensor;
  let y: tf.Tensor;
  let model: Stack;
  beforeAll(() => {
    ({ x, y } = toyData(50, 4, 3));
    model = new Stack([
      new Dense({
        units: 6,
        activation: 'relu',
        kernelRegularizer: new L1L2({ l2: 0.01 }),
        kernelConstraint: 'maxNorm',
      }),
      new Dropout({ rate: 0.2 }),
      new Dense({ units: 3, activation: 'softmax' }),
    ]);
    model.compile({
      optimizer: 'adam',
      loss: 'sparse_categorical_crossentropy',
      metrics: ['accuracy', 'sparse_top_k_categorical_accuracy'],
    });
  });

  test('fit (validation, callbacks reading batch logs, several epochs)', () =>
    expectNoLeak(() =>
      model.fit(x, y, {
        epochs: 2,
        batchSize: 8,
        validationSplit: 0.2,
        callbacks: [new LambdaCallback({ onBatchEnd: () => {}, onTestBatchEnd: () => {} })],
        verbose: 0,
      }),
    ));

  test('fit with sampleWeight and classWeight', () =>
    expectNoLeak(async () => {
      const weights = tf.ones([50]);
      await model.fit(x, y, { batchSize: 16, classWeight: { 0: 2 }, sampleWeight: weights, verbose: 0 });
      weights.dispose();
    }));

  test('fit on a dataset', () =>
    expectNoLeak(() =>
      model.fit(Dataset.fromTensors({ xs: x, ys: y }).batch(16), {
        validationData: Dataset.fromTensors([x, y]).batch(20),
        verbose: 0,
      }),
    ));

  test('evaluate', () => expectNoLeak(() => model.evaluate(x, y, { batchSize: 16, verbose: 0 })));

  test('predict leaves only its result (tensors and datasets)', async () => {
    await expectNoLeak(() => model.predict(x, { batchSize: 16 }), 1);
    await expectNoLeak(() => model.predict(Dataset.fromTensors(x).batch(16)), 1);
  });

  test('trainOnBatch and testOnBatch', async () => {
    await expectNoLeak(() => model.trainOnBatch(x, y));
    await expectNoLeak(() => model.testOnBatch(x, y));
  });

  test('several inputs and outputs', async () => {
    const multi = new TwoInTwoOut();
    multi.compile({
      optimizer: 'rmsprop',
      loss: ['mse', 'sparse_categorical_crossentropy'],
      metrics: [['mae'], ['accuracy']],
    });
    const a = tf.ones([12, 3]);
    const b = tf.ones([12, 2]);
    const reg = tf.zeros([12, 1]);
    const cls = tf.zeros([12], 'int32');
    await expectNoLeak(() =>
      multi.fit([a, b], [reg, cls], { batchSize: 5, validationSplit: 0.25, verbose: 0 }),
    );
    await expectNoLeak(() => multi.evaluate([a, b], [reg, cls], { verbose: 0 }));
    await expectNoLeak(() => multi.predict([a, b], { batchSize: 5 }), 2);
    tf.dispose([a, b, reg, cls]);
    multi.dispose();
  });

  test('a failed fit leaves nothing behind', async () => {
    await model.fit(x, y, { verbose: 0 });
    const before = tf.memory().numTensors;
    const badY = tf.ones([50, 7]);
    await expect(model.fit(x, badY, { verbose: 0 })).rejects.toThrow();
    const failing = new LambdaCallback({
      onBatchEnd: (batch) => {
        if (batch === 2) throw new Error('callback failed');
      },
    });
    await expect(
      model.fit(x, y, { batchSize: 4, validationSplit: 0.5, callbacks: [failing], verbose: 0 }),
    ).rejects.toThrow('callback failed');
    expect(tf.memory().numTensors).toBe(before + 1); // badY
    badY.dispose();
  });

  test('dispose frees the weights, the metrics and an optimizer created from a name', async () => {
    const before = tf.memory().numTensors;
    const temp = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    temp.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    await temp.fit(x, y, { verbose: 0 });
    temp.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
