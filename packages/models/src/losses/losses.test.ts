import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { StrataError, useBackend } from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  getLoss,
  Huber,
  KLDivergence,
  Loss,
  MeanAbsoluteError,
  MeanSquaredError,
  SparseCategoricalCrossentropy,
} from './index.js';

beforeAll(async () => {
  await useBackend('cpu');
});

function expectClose(actual: tf.Tensor, expected: tf.Tensor | number[], atol = 1e-5): void {
  const want = Array.isArray(expected) ? expected : Array.from(expected.dataSync());
  expect(actual.shape).toEqual(Array.isArray(expected) ? [expected.length] : expected.shape);
  const got = Array.from(actual.dataSync());
  for (const [i, g] of got.entries()) expect(g).toBeCloseTo(want[i], -Math.log10(atol));
}

const yTrue = () =>
  tf.tensor2d([
    [0, 1, 0.5],
    [1, 0, 0.25],
  ]);
const yPred = () =>
  tf.tensor2d([
    [0.2, 0.7, 0.4],
    [0.9, 0.3, 0.6],
  ]);

describe('regression losses', () => {
  test('mse and mae match tfjs-layers per sample', () => {
    expectClose(
      new MeanSquaredError().call(yTrue(), yPred()),
      tfl.metrics.meanSquaredError(yTrue(), yPred()),
    );
    expectClose(
      new MeanAbsoluteError().call(yTrue(), yPred()),
      tfl.metrics.meanAbsoluteError(yTrue(), yPred()),
    );
  });

  test('huber matches tf.losses.huberLoss averaged over the last axis', () => {
    for (const delta of [1, 0.25]) {
      const ref = tf.mean(tf.losses.huberLoss(yTrue(), yPred(), undefined, delta, tf.Reduction.NONE), -1);
      expectClose(new Huber({ delta }).call(yTrue(), yPred()), ref);
    }
    // By hand: |e| = 3 > delta 1 → 1·3 - 0.5 = 2.5.
    expect(new Huber().apply(tf.tensor2d([[0]]), tf.tensor2d([[3]])).dataSync()[0]).toBeCloseTo(2.5, 6);
  });

  test('kld by hand, zeros clipped instead of NaN', () => {
    const t = tf.tensor2d([[0.5, 0.5, 0]]);
    const p = tf.tensor2d([[0.25, 0.75, 0]]);
    const want = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75) + 1e-7 * Math.log(1);
    expectClose(new KLDivergence().call(t, p), [want]);
  });

  test('labels of shape [batch] meet predictions [batch, 1] (Keras rank matching)', () => {
    const loss = new MeanSquaredError().call(tf.tensor1d([1, 2]), tf.tensor2d([[1.5], [2]]));
    expectClose(loss, [0.25, 0]);
  });
});

describe('crossentropies', () => {
  test('binary crossentropy: Keras docstring values and tfjs-layers', () => {
    // keras.losses.binary_crossentropy docstring: [0.916, 0.714].
    const t = tf.tensor2d([
      [0, 1],
      [0, 0],
    ]);
    const p = tf.tensor2d([
      [0.6, 0.4],
      [0.4, 0.6],
    ]);
    expectClose(new BinaryCrossentropy().call(t, p), [0.9163, 0.7136], 1e-3);
    expectClose(new BinaryCrossentropy().call(t, p), tfl.metrics.binaryCrossentropy(t, p));
  });

  test('binary crossentropy from logits (with smoothing) matches tf.losses.sigmoidCrossEntropy', () => {
    const t = tf.tensor2d([
      [0, 1, 1],
      [1, 0, 0],
    ]);
    const logits = tf.tensor2d([
      [-3, 2, 40],
      [0.5, -60, 1],
    ]);
    for (const labelSmoothing of [0, 0.2]) {
      const ref = tf.mean(
        tf.losses.sigmoidCrossEntropy(t, logits, undefined, labelSmoothing, tf.Reduction.NONE),
        -1,
      );
      expectClose(new BinaryCrossentropy({ fromLogits: true, labelSmoothing }).call(t, logits), ref);
    }
  });

  test('binary crossentropy on probabilities equals the logits path on sigmoid(x) (clipping aside)', () => {
    const t = tf.tensor2d([[0, 1, 1, 0]]);
    const logits = tf.tensor2d([[-2, 1, 3, 0.5]]);
    expectClose(
      new BinaryCrossentropy().call(t, tf.sigmoid(logits)),
      new BinaryCrossentropy({ fromLogits: true }).call(t, logits),
    );
  });

  test('categorical crossentropy: Keras docstring values and tfjs-layers', () => {
    // keras.losses.categorical_crossentropy docstring: [0.0513, 2.303].
    const t = tf.tensor2d([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const p = tf.tensor2d([
      [0.05, 0.95, 0],
      [0.1, 0.8, 0.1],
    ]);
    expectClose(new CategoricalCrossentropy().call(t, p), [0.0513, Math.LN10], 1e-3);
    expectClose(new CategoricalCrossentropy().call(t, p), tfl.metrics.categoricalCrossentropy(t, p));
  });

  test('categorical crossentropy from logits (with smoothing) matches tf.losses.softmaxCrossEntropy', () => {
    const t = tf.tensor2d([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    const logits = tf.tensor2d([
      [2, -1, 0.5],
      [100, -100, 3],
    ]);
    for (const labelSmoothing of [0, 0.1]) {
      const ref = tf.losses.softmaxCrossEntropy(t, logits, undefined, labelSmoothing, tf.Reduction.NONE);
      const loss = new CategoricalCrossentropy({ fromLogits: true, labelSmoothing }).call(t, logits);
      expectClose(loss, ref);
      expect(Number.isFinite(loss.dataSync()[1])).toBe(true);
    }
  });

  test('sparse categorical crossentropy equals categorical on one-hot labels', () => {
    const labels = tf.tensor1d([1, 0, 2], 'int32');
    const probs = tf.tensor2d([
      [0.1, 0.8, 0.1],
      [0.6, 0.3, 0.1],
      [0.2, 0.2, 0.6],
    ]);
    const logits = tf.tensor2d([
      [1, 2, 0],
      [5, -1, 0],
      [0, 0, 9],
    ]);
    const oneHot = tf.oneHot(labels, 3);
    expectClose(
      new SparseCategoricalCrossentropy().call(labels, probs),
      tfl.metrics.categoricalCrossentropy(oneHot, probs),
    );
    expectClose(
      new SparseCategoricalCrossentropy({ fromLogits: true }).call(labels, logits),
      tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, 0, tf.Reduction.NONE),
    );
    // Labels of shape [batch, 1] and float labels work too.
    expectClose(
      new SparseCategoricalCrossentropy({ fromLogits: true }).call(tf.tensor2d([[1], [0], [2]]), logits),
      tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, 0, tf.Reduction.NONE),
    );
  });

  test('gradients through the logits paths are finite for extreme logits', () => {
    const t = tf.tensor2d([[1, 0]]);
    const logits = tf.tensor2d([[-500, 500]]);
    const g1 = tf.grad((x: tf.Tensor) => new CategoricalCrossentropy({ fromLogits: true }).apply(t, x))(
      logits,
    );
    const g2 = tf.grad((x: tf.Tensor) => new BinaryCrossentropy({ fromLogits: true }).apply(t, x))(logits);
    for (const v of [...g1.dataSync(), ...g2.dataSync()]) expect(Number.isFinite(v)).toBe(true);
    expectClose(g1, tf.tensor2d([[-1, 1]]));
  });
});

describe('Loss.apply reductions and sample weights', () => {
  test('sum_over_batch_size, sum, none, mean_with_sample_weight', () => {
    const t = tf.tensor2d([[0], [0], [0]]);
    const p = tf.tensor2d([[1], [2], [3]]); // per-sample mse: 1, 4, 9
    const w = tf.tensor1d([1, 0, 2]);
    expect(new MeanSquaredError().apply(t, p).dataSync()[0]).toBeCloseTo(14 / 3, 5);
    expect(new MeanSquaredError().apply(t, p, w).dataSync()[0]).toBeCloseTo(19 / 3, 5);
    expect(new MeanSquaredError({ reduction: 'sum' }).apply(t, p, w).dataSync()[0]).toBeCloseTo(19, 5);
    expect(
      new MeanSquaredError({ reduction: 'mean_with_sample_weight' }).apply(t, p, w).dataSync()[0],
    ).toBeCloseTo(19 / 3, 5);
    expectClose(new MeanSquaredError({ reduction: 'none' }).apply(t, p, w), [1, 0, 18]);
    // Weights of shape [batch, 1] are squeezed to meet losses of shape [batch].
    expect(new MeanSquaredError().apply(t, p, tf.tensor2d([[1], [0], [2]])).dataSync()[0]).toBeCloseTo(
      19 / 3,
      5,
    );
  });

  test('apply leaves no tensors behind but its result', () => {
    const t = tf.tensor2d([[0, 1]]);
    const p = tf.tensor2d([[0.3, 0.7]]);
    const losses = [new CategoricalCrossentropy(), new SparseCategoricalCrossentropy(), new Huber()];
    const before = tf.memory().numTensors;
    const out = losses.map((l, i) => l.apply(i === 1 ? tf.tensor1d([1]) : t, p));
    expect(tf.memory().numTensors).toBe(before + 3 + 1); // three results + the tensor1d labels
    tf.dispose(out);
  });
});

describe('errors', () => {
  test('categorical crossentropy with integer labels says to use the sparse loss', () => {
    const call = () => new CategoricalCrossentropy().call(tf.tensor1d([1, 2]), tf.ones([2, 3]));
    expect(call).toThrow(StrataError);
    expect(call).toThrow(/sparse_categorical_crossentropy.*tf\.oneHot\(labels, 3\)/);
  });

  test('sparse categorical crossentropy with one-hot targets says to use the categorical loss', () => {
    const call = () => new SparseCategoricalCrossentropy().call(tf.ones([2, 3]), tf.ones([2, 3]));
    expect(call).toThrow(
      /expected integer class labels of shape \[2\] or \[2, 1\].*use 'categorical_crossentropy'/,
    );
  });

  test('mismatched shapes name the loss and both shapes', () => {
    expect(() => new MeanSquaredError().call(tf.ones([2, 3]), tf.ones([2, 4]))).toThrow(
      /Loss 'mean_squared_error' expected yTrue of shape \[2, 4\].*got shape \[2, 3\]/,
    );
  });

  test('invalid options', () => {
    expect(() => new Huber({ delta: 0 })).toThrow(/positive/);
    expect(() => new BinaryCrossentropy({ labelSmoothing: 2 })).toThrow(/\[0, 1\]/);
    expect(() => new MeanSquaredError({ reduction: 'avg' as never })).toThrow(/'sum_over_batch_size'/);
  });
});

describe('getLoss', () => {
  test('resolves Keras names, aliases, camelCase and class names', () => {
    for (const name of ['mse', 'mean_squared_error', 'meanSquaredError', 'MeanSquaredError']) {
      expect(getLoss(name)).toBeInstanceOf(MeanSquaredError);
    }
    expect(getLoss('mae')).toBeInstanceOf(MeanAbsoluteError);
    expect(getLoss('kld')).toBeInstanceOf(KLDivergence);
    expect(getLoss('kullback_leibler_divergence')).toBeInstanceOf(KLDivergence);
    expect(getLoss('huber_loss')).toBeInstanceOf(Huber);
    expect(getLoss('categorical_crossentropy').name).toBe('categorical_crossentropy');
    expect(getLoss('sparseCategoricalCrossentropy')).toBeInstanceOf(SparseCategoricalCrossentropy);
    expect(getLoss('binary_crossentropy')).toBeInstanceOf(BinaryCrossentropy);
  });

  test('passes instances through, wraps functions, round-trips configs', () => {
    const loss = new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    expect(getLoss(loss)).toBe(loss);
    const restored = getLoss({ className: loss.getClassName(), config: loss.getConfig() });
    expect(restored).toBeInstanceOf(CategoricalCrossentropy);
    expect(restored.getConfig()).toEqual(loss.getConfig());
    function myLoss(t: tf.Tensor, p: tf.Tensor) {
      return tf.sum(tf.sub(t, p), -1);
    }
    const wrapped = getLoss(myLoss);
    expect(wrapped).toBeInstanceOf(Loss);
    expect(wrapped.name).toBe('myLoss');
    expectClose(wrapped.call(tf.tensor2d([[3, 1]]), tf.tensor2d([[1, 1]])), [2]);
  });

  test('unknown names list the valid ones', () => {
    expect(() => getLoss('categorical_cross_entropy_typo')).toThrow(
      /Unknown loss 'categorical_cross_entropy_typo'. Valid names: 'mean_squared_error', 'mse'.*'sparse_categorical_crossentropy'/,
    );
  });
});
