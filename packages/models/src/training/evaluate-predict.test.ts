import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Dense } from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { Stack, TwoInTwoOut, toyData } from './test-models.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const classifier = () => {
  const model = new Stack([
    new Dense({ units: 5, activation: 'relu' }),
    new Dense({ units: 3, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
};

describe('evaluate', () => {
  test('returns [loss, accuracy] as numbers, matching the loss computed by hand over all samples', async () => {
    const { x, y } = toyData(50, 4, 3);
    const model = classifier();
    const result = await model.evaluate(x, y, { batchSize: 7, verbose: 0 }); // uneven last batch
    expect(Array.isArray(result)).toBe(true);
    const [loss, accuracy] = result as number[];
    const expected = tf.tidy(() => {
      const p = model.predict(x) as tf.Tensor;
      const picked = tf.sum(tf.mul(tf.oneHot(y, 3), p), -1);
      return [
        tf.neg(tf.mean(tf.log(picked))).dataSync()[0]!,
        tf.mean(tf.cast(tf.equal(tf.argMax(p, -1), y), 'float32')).dataSync()[0]!,
      ];
    });
    expect(loss).toBeCloseTo(expected[0]!, 5);
    expect(accuracy).toBeCloseTo(expected[1]!, 6);
    const dict = await model.evaluate(x, y, { verbose: 0, returnDict: true });
    expect(Object.keys(dict)).toEqual(['loss', 'accuracy']);
    expect(dict.loss).toBeCloseTo(loss!, 5);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('a number when only the loss is tracked; steps limits the batches', async () => {
    const { x, y } = toyData(20, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    const all = await model.evaluate(x, y, { verbose: 0 });
    expect(typeof all).toBe('number');
    const firstBatch = await model.evaluate(x, y, { batchSize: 5, steps: 1, verbose: 0 });
    const [x5, y5] = [x.slice(0, 5), y.slice(0, 5)];
    expect(firstBatch).toBeCloseTo((await model.evaluate(x5, y5, { verbose: 0 })) as number, 6);
    tf.dispose([x, y, x5, y5]);
    model.dispose();
  });
});

describe('predict', () => {
  test('batches (default 32) give the same result as one apply', () => {
    const { x, y } = toyData(70, 4, 3);
    const model = classifier();
    const batched = model.predict(x) as tf.Tensor;
    const small = model.predict(x, { batchSize: 3 }) as tf.Tensor;
    const whole = model.apply(x) as tf.Tensor;
    expect(batched.shape).toEqual([70, 3]);
    tf.test_util.expectArraysClose(batched.dataSync(), whole.dataSync(), 1e-6);
    tf.test_util.expectArraysClose(small.dataSync(), whole.dataSync(), 1e-6);
    const one = model.predictOnBatch(x) as tf.Tensor;
    tf.test_util.expectArraysClose(one.dataSync(), whole.dataSync(), 1e-6);
    tf.dispose([x, y, batched, small, whole, one]);
    model.dispose();
  });

  test('works before compile, and leaves only its result', () => {
    const model = new Stack([new Dense({ units: 2 })]);
    const x = tf.ones([40, 3]);
    tf.dispose(model.predict(x)); // build
    const before = tf.memory().numTensors;
    const out = model.predict(x, { batchSize: 16 }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, out]);
    model.dispose();
  });

  test('a wrong option is an error', () => {
    const model = new Stack([new Dense({ units: 2 })]);
    const x = tf.ones([4, 3]);
    expect(() => model.predict(x, { batch_size: 2 } as never)).toThrow(/did you mean 'batchSize'/);
    expect(() => model.predict(x, { batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    x.dispose();
    model.dispose();
  });
});

describe('several inputs and outputs', () => {
  const data = () =>
    tf.tidy(() => {
      const a = tf.randomNormal([30, 3], 0, 1, 'float32', 11);
      const b = tf.randomNormal([30, 2], 0, 1, 'float32', 12);
      const reg = tf.sum(a, -1, true);
      const cls = tf.argMax(tf.concat([a.slice([0, 0], [30, 2]), b.slice([0, 0], [30, 1])], -1), -1);
      return { a, b, reg, cls };
    });

  test('fit/evaluate take arrays; logs are loss, <output>_loss, then <output>_<metric> (Keras order)', async () => {
    const { a, b, reg, cls } = data();
    const model = new TwoInTwoOut();
    model.compile({
      optimizer: 'adam',
      loss: { reg: 'mse', cls: 'sparse_categorical_crossentropy' },
      metrics: { cls: ['accuracy'] },
      lossWeights: [0.5, 2],
    });
    const history = await model.fit([a, b], [reg, cls], { epochs: 2, batchSize: 10, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['loss', 'reg_loss', 'cls_loss', 'cls_accuracy']);
    expect(model.metricsNames).toEqual(['loss', 'reg_loss', 'cls_loss', 'cls_accuracy']);
    const [loss, regLoss, clsLoss, accuracy] = (await model.evaluate([a, b], [reg, cls], {
      verbose: 0,
    })) as number[];
    // The total is the weighted sum; the per-output losses are logged weighted (Keras 3).
    expect(loss).toBeCloseTo(regLoss! + clsLoss!, 5);
    const [predReg, predCls] = model.predict([a, b]) as tf.Tensor[];
    expect(predReg!.shape).toEqual([30, 1]);
    expect(predCls!.shape).toEqual([30, 3]);
    const expectedReg = tf.tidy(() => tf.mul(tf.mean(tf.square(tf.sub(predReg!, reg))), 0.5).dataSync()[0]!);
    expect(regLoss).toBeCloseTo(expectedReg, 5);
    const expectedAcc = tf.tidy(
      () => tf.mean(tf.cast(tf.equal(tf.argMax(predCls!, -1), cls), 'float32')).dataSync()[0]!,
    );
    expect(accuracy).toBeCloseTo(expectedAcc, 6);
    const batch = (await model.trainOnBatch([a, b], [reg, cls])) as number[];
    expect(batch).toHaveLength(4);
    tf.dispose([a, b, reg, cls, predReg!, predCls!]);
    model.dispose();
  });

  test("a flat metrics list applies to every output ('accuracy' per output's loss); wrong targets are clear errors", async () => {
    const { a, b, reg, cls } = data();
    const model = new TwoInTwoOut();
    model.compile({
      optimizer: 'sgd',
      loss: ['mse', 'sparse_categorical_crossentropy'],
      metrics: ['accuracy'],
    });
    await model.fit([a, b], [reg, cls], { verbose: 0 });
    expect(model.metricsNames).toEqual(['loss', 'reg_loss', 'cls_loss', 'reg_accuracy', 'cls_accuracy']);
    expect(model.metrics.map((m) => m.getClassName()).slice(3)).toEqual([
      'BinaryAccuracy',
      'SparseCategoricalAccuracy',
    ]);
    await expect(model.evaluate([a, b], reg, { verbose: 0 })).rejects.toThrow(
      /the model has 2 outputs \(reg, cls\) but y has 1 target tensor\. Pass y as an array/,
    );
    model.compile({ optimizer: 'sgd', loss: { reg: 'mse', clss: 'mse' } });
    await expect(model.fit([a, b], [reg, cls], { verbose: 0 })).rejects.toThrow(/names 'clss'.*'reg', 'cls'/);
    tf.dispose([a, b, reg, cls]);
    model.dispose();
  });
});
