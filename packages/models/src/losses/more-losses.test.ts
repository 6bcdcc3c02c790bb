import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { useBackend } from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  CategoricalHinge,
  CosineSimilarity,
  getLoss,
  Hinge,
  LogCosh,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  Poisson,
  SquaredHinge,
} from './index.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());
function expectValues(actual: tf.Tensor, expected: number[]): void {
  expect(actual.shape).toEqual([expected.length]);
  for (const [i, v] of values(actual).entries()) expect(v).toBeCloseTo(expected[i], 5);
}

describe('more Keras losses (per sample, by hand from the Keras formulas unless noted)', () => {
  test('mape matches tfjs-layers, msle by hand', () => {
    const t = tf.tensor2d([
      [2, -4],
      [0, 1],
    ]);
    const p = tf.tensor2d([
      [1, -3],
      [0.5, 1],
    ]);
    expectValues(new MeanAbsolutePercentageError().call(t, p), values(tfl.metrics.MAPE(t, p)));
    expectValues(new MeanAbsolutePercentageError().call(t, p), [37.5, (0.5 / 1e-7) * 50]);
    const mt = tf.tensor2d([[1, 3]]);
    const mp = tf.tensor2d([[0, 3]]);
    expectValues(new MeanSquaredLogarithmicError().call(mt, mp), [
      (Math.log(2) - Math.log(1 + 1e-7)) ** 2 / 2,
    ]);
  });

  test('poisson and log_cosh', () => {
    expectValues(new Poisson().call(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 4]])), [
      (1 + 4 - 2 * Math.log(4)) / 2,
    ]);
    // log(cosh(100)) overflows cosh in float32; the stable form gives 100 - log 2.
    expectValues(new LogCosh().call(tf.tensor2d([[0, 0]]), tf.tensor2d([[0.5, 100]])), [
      (Math.log(Math.cosh(0.5)) + 100 - Math.LN2) / 2,
    ]);
  });

  test('cosine_similarity matches tfjs-layers cosineProximity', () => {
    const t = tf.tensor2d([
      [1, 0],
      [1, 1],
      [0, 0],
    ]);
    const p = tf.tensor2d([
      [2, 0],
      [-1, 1],
      [1, 1],
    ]);
    expectValues(new CosineSimilarity().call(t, p), values(tfl.metrics.cosineProximity(t, p)));
    expectValues(new CosineSimilarity().call(t, p), [-1, 0, 0]);
  });

  test('hinge family: 0/1 targets become -1/1', () => {
    const p = tf.tensor2d([
      [0.3, -0.8],
      [2, 0.5],
    ]);
    // Targets {0,1} → {-1,1}: row 0 margins 1 - (-1)(0.3), 1 - (1)(-0.8); row 1 margins 1 - 2, 1 - (-1)(0.5).
    const binary = tf.tensor2d([
      [0, 1],
      [1, 0],
    ]);
    expectValues(new Hinge().call(binary, p), [(1.3 + 1.8) / 2, (0 + 1.5) / 2]);
    expectValues(new SquaredHinge().call(binary, p), [(1.3 ** 2 + 1.8 ** 2) / 2, 1.5 ** 2 / 2]);
    // Already ±1: used as is.
    expectValues(
      new Hinge().call(
        tf.tensor2d([
          [-1, 1],
          [1, -1],
        ]),
        p,
      ),
      [(1.3 + 1.8) / 2, 0.75],
    );
    // Categorical hinge: max(max wrong score - right score + 1, 0).
    const oneHot = tf.tensor2d([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    const scores = tf.tensor2d([
      [0.2, 0.5, 0.9],
      [3, 1, 0],
    ]);
    expectValues(new CategoricalHinge().call(oneHot, scores), [1.4, 0]);
  });

  test('all resolve by Keras name', () => {
    const names: Array<[string, unknown]> = [
      ['mape', MeanAbsolutePercentageError],
      ['msle', MeanSquaredLogarithmicError],
      ['poisson', Poisson],
      ['logcosh', LogCosh],
      ['log_cosh', LogCosh],
      ['cosine_similarity', CosineSimilarity],
      ['hinge', Hinge],
      ['squared_hinge', SquaredHinge],
      ['categorical_hinge', CategoricalHinge],
    ];
    for (const [name, cls] of names) expect(getLoss(name)).toBeInstanceOf(cls as never);
  });
});
