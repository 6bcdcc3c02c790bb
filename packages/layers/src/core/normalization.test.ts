import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { Normalization } from './normalization.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract with given mean and variance, by hand', () => {
  const input = tf.tensor2d([
    [1, 10],
    [3, 30],
  ]);
  runLayerTest(
    Normalization,
    { mean: [2, 20], variance: [1, 100] },
    {
      inputShape: [2, 2],
      expectedOutputShape: [2, 2],
      expectedTrainableWeights: 0,
      expectedNonTrainableWeights: 0,
      input,
      expectedOutput: [
        [-1, -1],
        [1, 1],
      ],
    },
  );
  input.dispose();
});

test('contract of an adapted layer: mean and variance are 2 non-trainable weights', () => {
  const weights = [tf.tensor1d([2, 20]), tf.tensor1d([4, 100])];
  const input = tf.tensor2d([[4, 30]]);
  runLayerTest(
    Normalization,
    {},
    {
      inputShape: [1, 2],
      expectedOutputShape: [1, 2],
      expectedTrainableWeights: 0,
      expectedNonTrainableWeights: 2,
      weights,
      input,
      expectedOutput: [[1, 1]],
    },
  );
  tf.dispose([...weights, input]);
});

test('adapt: per-feature mean and (biased) variance, the same in one tensor or in batches', () => {
  const data = tf.tensor2d([
    [0, 10],
    [2, 30],
    [4, 20],
    [6, 40],
  ]);
  const whole = new Normalization();
  whole.adapt(data);
  const batched = new Normalization();
  const parts = [data.slice(0, 1), data.slice(1, 2), data.slice(3, 1)]; // rows 0 | 1-2 | 3
  const before = tf.memory().numTensors;
  batched.adapt(parts);
  expect(tf.memory().numTensors).toBe(before + 2); // the two weights, nothing else
  for (const layer of [whole, batched]) {
    const [mean, variance] = layer.getWeights();
    // Feature 0: mean 3, variance (9+1+1+9)/4 = 5. Feature 1: mean 25, variance (225+25+25+225)/4 = 125.
    tf.test_util.expectArraysClose(mean!.dataSync(), [3, 25], 1e-5);
    tf.test_util.expectArraysClose(variance!.dataSync(), [5, 125], 1e-4);
    tf.dispose([mean!, variance!]);
  }
  const y = whole.apply(tf.tensor2d([[3, 25]]));
  tf.test_util.expectArraysClose(y.dataSync(), [0, 0]);
  tf.dispose([data, ...parts, y]);
});

test('axis null: one mean and variance for everything; invert undoes it', () => {
  const norm = new Normalization({ axis: null });
  norm.adapt(
    tf.tensor2d([
      [1, 3],
      [5, 7],
    ]),
  );
  const [mean, variance] = norm.getWeights();
  expect(mean!.shape).toEqual([]);
  tf.test_util.expectArraysClose(mean!.dataSync(), [4]);
  tf.test_util.expectArraysClose(variance!.dataSync(), [5]);
  const inverse = new Normalization({ axis: null, mean: 4, variance: 5, invert: true });
  const x = tf.tensor2d([[1, 2]]);
  const roundTrip = tf.tidy(() => inverse.apply(norm.apply(x)).arraySync());
  tf.test_util.expectArraysClose(roundTrip, [[1, 2]], 1e-5);
  tf.dispose([mean!, variance!, x]);
});

test('images: axis -1 keeps one statistic per channel', () => {
  const norm = new Normalization();
  norm.adapt(tf.ones([2, 3, 3, 4]));
  expect(norm.getWeights().map((w) => w.shape)).toEqual([[4], [4]]);
  const y = norm.apply(tf.ones([1, 3, 3, 4]));
  // Constant features: variance 0, and the epsilon floor maps them to 0, not NaN.
  expect(Array.from(y.dataSync()).every((v) => v === 0)).toBe(true);
  y.dispose();
  norm.dispose();
});

test('errors: only one of mean/variance, wrong count, adapt after giving stats, use before adapt', () => {
  expect(() => new Normalization({ mean: 1 })).toThrow(/give both mean and variance/);
  const x = tf.ones([2, 3]);
  expect(() => new Normalization({ mean: [1, 2], variance: [1, 1] }).apply(x)).toThrow(
    /mean has 2 values.*\[3\] \(3 values\)/,
  );
  expect(() => new Normalization({ mean: 0, variance: 1 }).adapt(x)).toThrow(/adapt\(\)/);
  const wrongWidth = new Normalization();
  wrongWidth.adapt(x);
  const y = tf.ones([2, 4]);
  expect(() => wrongWidth.apply(y)).toThrow(/whose axis 1 is 3, got shape \[2, 4\]/);
  tf.dispose([x, y]);
});
