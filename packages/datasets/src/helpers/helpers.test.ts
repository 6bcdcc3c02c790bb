import * as tf from '@strata/core';
import '@strata/backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import { normalize } from './normalize.js';
import { oneHot } from './one-hot.js';
import { trainTestSplit } from './train-test-split.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

describe('oneHot', () => {
  test('labels → float32 rows with a one at the class, from arrays or tensors', async () => {
    const y = oneHot([0, 2, 1], 3);
    expect(y.dtype).toBe('float32');
    expect(await y.array()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    const labels = tf.tensor1d([1, 0], 'int32');
    const before = tf.memory().numTensors;
    const z = oneHot(labels, 2);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(await z.array()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    tf.dispose([y, z, labels]);
  });

  test('labels outside [0, numClasses) or not integers are refused with their index', () => {
    expect(() => oneHot([0, 3], 3)).toThrow(
      'oneHot(): label 3 at index 1 is not an integer in [0, 3). Pass numClasses larger than the largest label, or map the labels to 0..numClasses-1 first.',
    );
    expect(() => oneHot(new Float32Array([0.5]), 2)).toThrow(/label 0.5 at index 0/);
    expect(() => oneHot([0], 0)).toThrow(/numClasses must be a positive integer/);
    const matrix = tf.zeros([2, 2]);
    expect(() => oneHot(matrix, 2)).toThrow(/must be 1-D .*got shape \[2, 2\]/);
    matrix.dispose();
  });
});

describe('normalize', () => {
  test('min-max scaling with given bounds, computed bounds, per-axis bounds and constant columns', async () => {
    const before = tf.memory().numTensors;
    const pixels = tf.tensor1d([0, 51, 255], 'int32');
    const scaled = normalize(pixels, { min: 0, max: 255 });
    expect(scaled.dtype).toBe('float32');
    expect(Array.from(await scaled.data())).toEqual([0, 0.2, 1].map(Math.fround));
    const x = tf.tensor2d([
      [1, 10, 5],
      [3, 30, 5],
      [2, 20, 5],
    ]);
    const perColumn = normalize(x, { axis: 0 });
    // By hand: column 0 spans 1..3, column 1 10..30, column 2 is constant (→ 0).
    expect(await perColumn.array()).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [0.5, 0.5, 0],
    ]);
    const global = normalize(x);
    expect(((await global.array()) as number[][])[1]).toEqual([2 / 29, 1, 4 / 29].map(Math.fround));
    expect(() => normalize(x, { axis: 2 })).toThrow(/axis 2 is out of range for a rank-2 tensor/);
    tf.dispose([pixels, scaled, x, perColumn, global]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainTestSplit', () => {
  let xs: tf.Tensor2D;
  let ys: tf.Tensor1D;
  beforeAll(() => {
    xs = tf.tensor2d(Array.from({ length: 10 }, (_, i) => [i, -i]));
    ys = tf.tensor1d(
      Array.from({ length: 10 }, (_, i) => i),
      'int32',
    );
  });

  test('splits rows with scikit-learn sizes, keeps pairs together, reproducibly', async () => {
    const before = tf.memory().numTensors;
    const split = await trainTestSplit({ xs, ys }, { testSize: 0.25, seed: 3 });
    expect(split.train.xs.shape).toEqual([7, 2]);
    expect(split.test.xs.shape).toEqual([3, 2]); // ceil(0.25 * 10)
    const trainIds = Array.from(await split.train.ys.data());
    const testIds = Array.from(await split.test.ys.data());
    expect([...trainIds, ...testIds].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(testIds).not.toEqual([7, 8, 9]);
    const rows = (await split.test.xs.array()) as number[][];
    rows.forEach((row, k) => {
      expect(row).toEqual([testIds[k], -testIds[k]!]);
    });
    const again = await trainTestSplit({ xs, ys }, { testSize: 0.25, seed: 3 });
    expect(Array.from(await again.test.ys.data())).toEqual(testIds);
    expect(tf.memory().numTensors).toBe(before + 8);
    split.dispose();
    again[Symbol.dispose]();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('without shuffling the test part is the last rows; bad sizes are refused', async () => {
    using split = await trainTestSplit(ys, { testSize: 2, shuffle: false });
    expect(Array.from(await split.test.data())).toEqual([8, 9]);
    expect(Array.from(await split.train.data())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await expect(trainTestSplit(ys, { testSize: 10 })).rejects.toThrow(
      /both parts need at least one row.*\[1, 9\]/,
    );
    await expect(trainTestSplit(ys, { testSize: 1.5 })).rejects.toThrow(/testSize 1.5/);
  });
});
