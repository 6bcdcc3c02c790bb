import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoLeak, expectTfjsParity } from '../convolutional/expect-parity.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { AveragePooling2D } from './average-pooling-2d.js';
import { MaxPooling2D } from './max-pooling-2d.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const classes = [MaxPooling2D, AveragePooling2D].map((Cls) => [Cls.className, Cls] as const);
const cases = [
  { poolSize: 2 },
  { poolSize: [3, 2] as [number, number], strides: 1 },
  { poolSize: 3, strides: 2, padding: 'same' as const },
  { poolSize: 2, strides: [1, 2] as [number, number], padding: 'same' as const },
];

describe.each(classes)('%s', (_, Cls) => {
  test.each(cases)('matches tfjs-layers (built from our config), forward and input gradients: %o', (args) => {
    const layer = new Cls(args);
    expectTfjsParity(layer, [2, 5, 7, 3], 1);
  });

  test.each(cases)('computeOutputShape agrees with apply, batch unknown or known: %o', (args) => {
    const layer = new Cls(args);
    const y = layer.apply(tf.zeros([2, 5, 7, 3]));
    expect(layer.computeOutputShape([null, 5, 7, 3])).toEqual([null, ...y.shape.slice(1)]);
    expect(layer.computeOutputShape([2, 5, 7, 3])).toEqual(y.shape);
    expect(layer.computeOutputShape([2, null, 7, 3])).toEqual([2, null, y.shape[2], 3]);
    y.dispose();
  });

  test('strides default to poolSize; config round-trips through the registry', () => {
    const layer = new Cls({ poolSize: [3, 2], padding: 'same' });
    expect(layer.strides).toEqual([3, 2]);
    const config = serializeLayer(layer);
    expect(config.config).toMatchObject({
      poolSize: [3, 2],
      strides: [3, 2],
      padding: 'same',
      dataFormat: 'channelsLast',
    });
    const copy = deserializeLayer(config);
    expect(copy).toBeInstanceOf(Cls);
    expect(copy.getConfig()).toEqual(layer.getConfig());
  });

  test('a missing channel axis is reported with the layer, the shapes and a Reshape fix', () => {
    const layer = new Cls({ poolSize: 2 });
    const x = tf.zeros([4, 28, 28]);
    expect(() => layer.apply(x)).toThrow(
      new RegExp(
        `'${layer.name}' \\(${Cls.className}\\) expected an input of rank 4, got shape \\[\\d+, 28, 28\\].*Reshape\\(\\[28, 28, 1\\]\\)`,
      ),
    );
    expect(layer.built).toBe(false);
    x.dispose();
  });

  test('a window larger than the input with padding valid says how to fix it', () => {
    const x = tf.zeros([1, 2, 2, 1]);
    expect(() => new Cls({ poolSize: 3 }).apply(x)).toThrow(
      /at least \[3, 3\].*\[\d+, 2, 2, 1\].*padding: 'same'/,
    );
    x.dispose();
  });

  test('bad arguments name the argument and the value', () => {
    expect(() => new Cls({ poolSize: 0 })).toThrow(/poolSize must be a positive integer.*got 0/);
    expect(() => new Cls({ strides: [1, 2, 3] as unknown as [number, number] })).toThrow(
      /strides.*array of 2/,
    );
    expect(() => new Cls({ padding: 'causal' as 'same' })).toThrow(/padding must be 'valid' or 'same'/);
    expect(() => new Cls({ dataFormat: 'channelsFirst' })).toThrow(
      /channels-last.*tf\.transpose\(x, \[0, 2, 3, 1\]\)/,
    );
  });

  test('apply in a loop keeps the number of tensors constant', () => {
    const layer = new Cls({ poolSize: 2, padding: 'same' });
    const x = tf.ones([1, 5, 5, 2]);
    expectNoLeak(() => layer.apply(x));
    x.dispose();
  });
});

test('MaxPooling2D by hand: the maximum of each 2x2 block', async () => {
  const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);
  const y = new MaxPooling2D().apply(x);
  expect(await y.data()).toEqual(new Float32Array([6, 8, 14, 16]));
  tf.dispose([x, y]);
});

test('AveragePooling2D by hand: "same" border windows average only real values', async () => {
  // 3x3 input, pool 2, stride 2, same: windows {1,2,4,5}, {3,6}, {7,8}, {9}.
  const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  const y = new AveragePooling2D({ padding: 'same' }).apply(x);
  expect(Array.from(await y.data())).toEqual([3, 4.5, 7.5, 9]);
  tf.dispose([x, y]);
});
