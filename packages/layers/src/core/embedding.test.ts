import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Embedding } from './embedding.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract, by hand: rows of the matrix by id', () => {
  const weights = [
    tf.tensor2d([
      [0, 0],
      [1, 2],
      [3, 4],
    ]),
  ];
  const input = tf.tensor2d([[2, 1, 0]], undefined, 'int32');
  runLayerTest(
    Embedding,
    { inputDim: 3, outputDim: 2 },
    {
      inputShape: [1, 3],
      expectedOutputShape: [1, 3, 2],
      expectedTrainableWeights: 1,
      weights,
      input,
      expectedOutput: [
        [
          [3, 4],
          [1, 2],
          [0, 0],
        ],
      ],
    },
  );
  tf.dispose([...weights, input]);
});

test('matches tfjs-layers Embedding (forward, gradient w.r.t. the embeddings, config)', () => {
  const ids = tf.tensor2d(
    [
      [1, 4, 4],
      [0, 2, 3],
    ],
    undefined,
    'int32',
  );
  expectParity(
    new Embedding({ inputDim: 5, outputDim: 3 }),
    tfl.layers.embedding({ inputDim: 5, outputDim: 3 }),
    ids,
  );
  const args = { inputDim: 5, outputDim: 3, maskZero: true, inputLength: 3 };
  expectConfigCompatible(new Embedding(args), tfl.layers.embedding(args));
  ids.dispose();
});

test('default initializer: randomUniform in [-0.05, 0.05]', () => {
  const layer = new Embedding({ inputDim: 50, outputDim: 8 });
  layer.build([null, 2]);
  const values = layer.embeddings.dataSync();
  expect(Math.max(...values)).toBeLessThanOrEqual(0.05);
  expect(Math.min(...values)).toBeGreaterThanOrEqual(-0.05);
  layer.dispose();
});

test('float ids are cast; sequences of another length work after the first call', () => {
  const layer = new Embedding({ inputDim: 4, outputDim: 2 });
  tf.dispose(layer.apply(tf.tensor2d([[1, 2]])));
  const y = layer.apply(tf.tensor2d([[1, 2, 3, 0]]));
  expect(y.shape).toEqual([1, 4, 2]);
  y.dispose();
  layer.dispose();
});

test('maskZero: computeMask is false at padding', () => {
  const layer = new Embedding({ inputDim: 4, outputDim: 2, maskZero: true });
  const mask = tf.tidy(() => layer.computeMask(tf.tensor2d([[3, 0, 1]], undefined, 'int32'))!.arraySync());
  expect(mask).toEqual([[1, 0, 1]]);
  expect(new Embedding({ inputDim: 4, outputDim: 2 }).computeMask(tf.ones([1]))).toBeNull();
});

test('inputLength gives the layer an input shape', () => {
  expect(new Embedding({ inputDim: 4, outputDim: 2, inputLength: 7 }).batchInputShape).toEqual([null, 7]);
  expect(new Embedding({ inputDim: 4, outputDim: 2 }).batchInputShape).toEqual([null, null]);
});

test('an id outside the vocabulary (cpu) says which range is valid and how to fix it', () => {
  const layer = new Embedding({ inputDim: 3, outputDim: 2 });
  const ids = tf.tensor2d([[1, 7]], undefined, 'int32');
  const before = tf.memory().numTensors;
  expect(() => layer.apply(ids)).toThrow(/outside the vocabulary \[0, 2\].*raise inputDim/);
  // Built by the failed call (weights), but no intermediate tensors left behind.
  expect(tf.memory().numTensors).toBe(before + 1);
  ids.dispose();
  layer.dispose();
});

test('bad sizes name the argument', () => {
  expect(() => new Embedding({ inputDim: 0, outputDim: 2 })).toThrow(
    /inputDim must be a positive integer, got 0/,
  );
  expect(() => new Embedding({ inputDim: 3, outputDim: 1.5 })).toThrow(/outputDim/);
});
