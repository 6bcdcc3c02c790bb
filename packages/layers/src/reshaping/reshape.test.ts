import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Reshape } from './reshape.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract: [2, 6] → [2, 3, 2] with a -1 entry', () => {
  const input = tf.range(0, 12).reshape([2, 6]);
  runLayerTest(
    Reshape,
    { targetShape: [3, -1] },
    {
      inputShape: [2, 6],
      expectedOutputShape: [2, 3, 2],
      input,
      expectedOutput: [
        [
          [0, 1],
          [2, 3],
          [4, 5],
        ],
        [
          [6, 7],
          [8, 9],
          [10, 11],
        ],
      ],
    },
  );
  input.dispose();
});

test('matches tfjs-layers Reshape (forward, gradient, config)', () => {
  const x = tf.randomNormal([2, 12], 0, 1, 'float32', 1);
  expectParity(new Reshape({ targetShape: [2, -1, 3] }), tfl.layers.reshape({ targetShape: [2, -1, 3] }), x);
  expectConfigCompatible(
    new Reshape({ targetShape: [2, -1, 3] }),
    tfl.layers.reshape({ targetShape: [2, -1, 3] }),
  );
  x.dispose();
});

test('computeOutputShape infers the free entry, or leaves it null when the input size is unknown', () => {
  const layer = new Reshape({ targetShape: [-1, 4] });
  expect(layer.computeOutputShape([null, 2, 8])).toEqual([null, 4, 4]);
  expect(layer.computeOutputShape([null, null, 8])).toEqual([null, null, 4]);
});

test('sizes that do not divide: names the layer, the shapes and the fix', () => {
  const x = tf.zeros([2, 12]);
  expect(() => new Reshape({ targetShape: [5, -1] }).apply(x)).toThrow(
    /Reshape\) expected samples whose size is a multiple of 5 \(targetShape \[5, -1\]\), got shape \[2, 12\]\. Each sample has 12 values, not divisible by 5/,
  );
  expect(() => new Reshape({ targetShape: [5, 3] }).apply(x)).toThrow(
    /samples of 15 values.*or put -1 for the size to infer/,
  );
  x.dispose();
});

test('two free entries or a non-array are rejected', () => {
  expect(() => new Reshape({ targetShape: [-1, -1] })).toThrow(/more than one free/);
  expect(() => new Reshape({ targetShape: 7 as any })).toThrow(/targetShape must be an array/);
});
