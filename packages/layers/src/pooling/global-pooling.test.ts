import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectClose, expectNoLeak, expectTfjsParity } from '../convolutional/expect-parity.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { GlobalAveragePooling1D } from './global-average-pooling-1d.js';
import { GlobalAveragePooling2D } from './global-average-pooling-2d.js';
import { GlobalMaxPooling1D } from './global-max-pooling-1d.js';
import { GlobalMaxPooling2D } from './global-max-pooling-2d.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const layers = [
  { Cls: GlobalAveragePooling1D, shape: [2, 5, 3], reduce: (x: tf.Tensor) => tf.mean(x, 1, true) },
  { Cls: GlobalMaxPooling1D, shape: [2, 5, 3], reduce: (x: tf.Tensor) => tf.max(x, 1, true) },
  { Cls: GlobalAveragePooling2D, shape: [2, 4, 3, 3], reduce: (x: tf.Tensor) => tf.mean(x, [1, 2], true) },
  { Cls: GlobalMaxPooling2D, shape: [2, 4, 3, 3], reduce: (x: tf.Tensor) => tf.max(x, [1, 2], true) },
].map((c) => [c.Cls.className, c] as const);

describe.each(layers)('%s', (_, { Cls, shape, reduce }) => {
  test('matches tfjs-layers (built from our config), forward and input gradients', () => {
    const layer = new Cls();
    expectTfjsParity(layer, shape, 3);
  });

  test('keepdims keeps the pooled axes with size 1 (checked against tf reductions)', () => {
    const layer = new Cls({ keepdims: true });
    const x = tf.randomNormal(shape, 0, 1, 'float32', 4);
    const y = layer.apply(x);
    const expected = reduce(x);
    expectClose(y, expected);
    expect(layer.computeOutputShape([null, ...shape.slice(1)])).toEqual([null, ...expected.shape.slice(1)]);
    tf.dispose([x, y, expected]);
  });

  test('computeOutputShape agrees with apply; config round-trips', () => {
    const layer = new Cls();
    const y = layer.apply(tf.zeros(shape));
    expect(y.shape).toEqual([shape[0], shape.at(-1)]);
    expect(layer.computeOutputShape([null, ...shape.slice(1)])).toEqual([null, shape.at(-1)]);
    const copy = deserializeLayer(serializeLayer(new Cls({ keepdims: true })));
    expect(copy.getConfig()).toMatchObject({ keepdims: true, dataFormat: 'channelsLast' });
    y.dispose();
  });

  test('wrong rank names the expected layout', () => {
    const x = tf.zeros([2, 3]);
    expect(() => new Cls().apply(x)).toThrow(
      new RegExp(`rank ${shape.length}, got shape \\[\\d+, 3\\].*${Cls.className} expects \\[batch`),
    );
    x.dispose();
  });

  test('apply in a loop keeps the number of tensors constant', () => {
    const layer = new Cls();
    const x = tf.ones(shape);
    expectNoLeak(() => layer.apply(x));
    x.dispose();
  });
});

test('GlobalAveragePooling1D with a mask averages only the unmasked steps (by hand)', async () => {
  const x = tf.tensor3d([1, 2, 3, 4, 100, 200, 5, 6, 7, 8, 9, 10], [2, 3, 2]);
  const mask = tf.tensor2d([1, 1, 0, 1, 0, 0], [2, 3], 'bool');
  const y = new GlobalAveragePooling1D().apply(x, { mask });
  // Sample 0: mean of steps 0 and 1; sample 1: step 0 only.
  expect(Array.from(await y.data())).toEqual([2, 3, 5, 6]);
  const wrong = tf.ones([2, 2]);
  expect(() => new GlobalAveragePooling1D().apply(x, { mask: wrong })).toThrow(
    /mask must be one tensor of shape \[2, 3\]/,
  );
  tf.dispose([x, mask, y, wrong]);
});
