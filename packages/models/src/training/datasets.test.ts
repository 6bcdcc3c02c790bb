import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Dataset } from '@strata/datasets';
import { Dense } from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { SGD } from '../optimizers/sgd.js';
import { Stack, TwoInTwoOut, toyData } from './test-models.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const classifier = () => {
  const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
  model.compile({
    optimizer: new SGD({ learningRate: 0.2 }),
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
  });
  return model;
};

/** A plain async iterable of `[xs, ys]` batches (no @strata/datasets), re-iterable like a Dataset. */
function batchesOf(
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
): AsyncIterable<[tf.Tensor, tf.Tensor]> & { passes: number } {
  const source = {
    passes: 0,
    async *[Symbol.asyncIterator]() {
      source.passes++;
      for (let i = 0; i < x.shape[0]!; i += batchSize) {
        const size = Math.min(batchSize, x.shape[0]! - i);
        yield [x.slice(i, size), y.slice(i, size)] as [tf.Tensor, tf.Tensor];
      }
    },
  };
  return source;
}

describe('fit(dataset)', () => {
  test('a Dataset of { xs, ys } batches trains like the same tensors (no shuffle); batches are freed', async () => {
    const { x, y } = toyData(40, 4, 3);
    const a = classifier();
    const b = classifier();
    tf.dispose([a.predict(x), b.predict(x)]);
    const w = a.getWeights();
    b.setWeights(w);
    tf.dispose(w);
    const dataset = Dataset.fromTensors({ xs: x, ys: y }).batch(8);
    await a.fit(dataset, { epochs: 1, verbose: 0 }); // warm up: optimizer state, metrics
    await b.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
    const before = tf.memory().numTensors;
    const ha = await a.fit(dataset, { epochs: 2, verbose: 0 });
    const hb = await b.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    ha.history.loss!.forEach((l, i) => {
      expect(l).toBeCloseTo(hb.history.loss![i]!, 5);
    });
    expect(ha.history.accuracy).toEqual(hb.history.accuracy);
    tf.dispose([x, y]);
    a.dispose();
    b.dispose();
  });

  test('any async iterable of [xs, ys] works; validationData may be one too; evaluate and predict take them', async () => {
    const { x, y } = toyData(30, 4, 3);
    const model = classifier();
    const train = batchesOf(x, y, 10);
    const history = await model.fit(train, { epochs: 3, validationData: batchesOf(x, y, 7), verbose: 0 });
    expect(train.passes).toBe(3);
    expect(Object.keys(history.history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    const fromTensors = (await model.evaluate(x, y, { verbose: 0 })) as number[];
    const fromDataset = (await model.evaluate(batchesOf(x, y, 7), { verbose: 0 })) as number[];
    expect(fromDataset[0]).toBeCloseTo(fromTensors[0]!, 5);
    expect(history.history.val_loss![2]).toBeCloseTo(fromTensors[0]!, 5);
    const predicted = (await model.predict(batchesOf(x, y, 7))) as tf.Tensor;
    const direct = model.predict(x) as tf.Tensor;
    tf.test_util.expectArraysClose(predicted.dataSync(), direct.dataSync(), 1e-6);
    tf.dispose([x, y, predicted, direct]);
    model.dispose();
  });

  test('stepsPerEpoch takes that many batches per epoch and continues the pass in the next epoch', async () => {
    const { x, y } = toyData(40, 4, 3);
    const model = classifier();
    const source = batchesOf(x, y, 10); // 4 batches per pass
    let batches = 0;
    const counting = {
      async *[Symbol.asyncIterator]() {
        for await (const batch of source) {
          batches++;
          yield batch;
        }
      },
    };
    await model.fit(counting, { epochs: 3, stepsPerEpoch: 3, verbose: 0 });
    expect(batches).toBe(9);
    expect(source.passes).toBe(3); // 4 + 4 + 1 batches
    tf.dispose([x, y]);
    model.dispose();
  });

  test('several inputs as an array in xs; bad elements are clear errors, freed', async () => {
    const model = new TwoInTwoOut();
    model.compile({ optimizer: 'sgd', loss: ['mse', 'sparse_categorical_crossentropy'] });
    const a = tf.ones([6, 3]);
    const b = tf.ones([6, 2]);
    const reg = tf.zeros([6, 1]);
    const cls = tf.zeros([6], 'int32');
    const dataset = Dataset.fromTensors({ xs: [a, b], ys: [reg, cls] }).batch(3);
    const history = await model.fit(dataset, { verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['loss', 'reg_loss', 'cls_loss']);
    const before = tf.memory().numTensors;
    const wrong = Dataset.fromTensors({ inputs: a, labels: reg }).batch(3);
    await expect(model.fit(wrong, { verbose: 0 })).rejects.toThrow(
      /each dataset element must be a batch \{ xs, ys \} or \[xs, ys\].*keys \["inputs","labels"\]/,
    );
    expect(tf.memory().numTensors).toBe(before);
    const empty = { async *[Symbol.asyncIterator]() {} };
    await expect(model.fit(empty, { verbose: 0 })).rejects.toThrow(/the training data is empty/);
    await expect(model.fit(dataset, { validationSplit: 0.2, verbose: 0 })).rejects.toThrow(
      /validationSplit works with tensors only/,
    );
    tf.dispose([a, b, reg, cls]);
    model.dispose();
  });
});
