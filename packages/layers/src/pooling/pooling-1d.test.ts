import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoLeak, expectTfjsParity } from '../convolutional/expect-parity.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { AveragePooling1D } from './average-pooling-1d.js';
import { MaxPooling1D } from './max-pooling-1d.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const classes = [MaxPooling1D, AveragePooling1D].map((Cls) => [Cls.className, Cls] as const);
const cases = [
  { poolSize: 2 },
  { poolSize: 3, strides: 1 },
  { poolSize: 3, strides: 2, padding: 'same' as const },
];

describe.each(classes)('%s', (_, Cls) => {
  test.each(cases)('matches tfjs-layers (built from our config), forward and input gradients: %o', (args) => {
    const layer = new Cls(args);
    expectTfjsParity(layer, [2, 7, 3], 2);
  });

  test.each(cases)('computeOutputShape agrees with apply: %o', (args) => {
    const layer = new Cls(args);
    const y = layer.apply(tf.zeros([2, 7, 3]));
    expect(layer.computeOutputShape([null, 7, 3])).toEqual([null, ...y.shape.slice(1)]);
    expect(layer.computeOutputShape([null, null, 3])).toEqual([null, null, 3]);
    y.dispose();
  });

  test('config round-trips; poolSize and strides are stored as arrays like tfjs-layers', () => {
    const layer = new Cls({ poolSize: 4, padding: 'same' });
    const copy = deserializeLayer(serializeLayer(layer));
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(layer.getConfig()).toMatchObject({ poolSize: [4], strides: [4], padding: 'same' });
  });

  test('images instead of sequences: the error names the layout', () => {
    const x = tf.zeros([2, 4, 4, 1]);
    const layer = new Cls();
    expect(() => layer.apply(x)).toThrow(
      /expected an input of rank 3, got shape \[\d+, 4, 4, 1\].*\[batch, steps, channels\]/,
    );
    x.dispose();
  });

  test('apply in a loop keeps the number of tensors constant', () => {
    const layer = new Cls();
    const x = tf.ones([1, 6, 2]);
    expectNoLeak(() => layer.apply(x));
    x.dispose();
  });
});

test('MaxPooling1D and AveragePooling1D by hand', async () => {
  const x = tf.tensor3d([1, 5, 2, 8, 3, 3], [1, 6, 1]);
  const max = new MaxPooling1D({ poolSize: 2 }).apply(x);
  const avg = new AveragePooling1D({ poolSize: 2 }).apply(x);
  expect(Array.from(await max.data())).toEqual([5, 8, 3]);
  expect(Array.from(await avg.data())).toEqual([3, 5, 3]);
  tf.dispose([x, max, avg]);
});
