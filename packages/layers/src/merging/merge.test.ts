import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Add } from './add.js';
import { Average } from './average.js';
import { Maximum } from './maximum.js';
import { Minimum } from './minimum.js';
import { Multiply } from './multiply.js';
import { Subtract } from './subtract.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

// Each layer with its by-hand result on a = [1, -2, 3], b = [4, 5, -6].
const cases = [
  { Layer: Add, expected: [5, 3, -3], reference: () => tfl.layers.add() },
  { Layer: Subtract, expected: [-3, -7, 9], reference: undefined },
  { Layer: Multiply, expected: [4, -10, -18], reference: () => tfl.layers.multiply() },
  { Layer: Average, expected: [2.5, 1.5, -1.5], reference: () => tfl.layers.average() },
  { Layer: Maximum, expected: [4, 5, 3], reference: () => tfl.layers.maximum() },
  { Layer: Minimum, expected: [1, -2, -6], reference: () => tfl.layers.minimum() },
];

describe.each(cases)('$Layer.className', ({ Layer, expected }) => {
  test('contract, by hand', () => {
    const input = [tf.tensor2d([[1, -2, 3]]), tf.tensor2d([[4, 5, -6]])];
    runLayerTest(
      Layer,
      {},
      {
        inputShape: [
          [1, 3],
          [1, 3],
        ],
        expectedOutputShape: [1, 3],
        expectedTrainableWeights: 0,
        input,
        expectedOutput: [expected],
      },
    );
    tf.dispose(input);
  });

  test('a mismatched feature axis names the layer, the shapes and the fix', () => {
    const input = [tf.zeros([2, 3]), tf.zeros([2, 4])];
    expect(() => new Layer().apply(input)).toThrow(
      new RegExp(
        `\\(${Layer.className}\\) expected input 1 to match the others.*got shape \\[2, 4\\]\\. Input shapes: \\[2, 3\\], \\[2, 4\\] differ on axis 1 \\(3 vs 4\\).*Dense`,
      ),
    );
    tf.dispose(input);
  });
});

const withReference = cases.filter((c) => c.reference !== undefined);
test.each(withReference)(
  '$Layer.className matches tfjs-layers (forward, gradients w.r.t. every input, config)',
  ({ Layer, reference }) => {
    const input = [tf.randomNormal([2, 4], 0, 1, 'float32', 1), tf.randomNormal([2, 4], 0, 1, 'float32', 2)];
    expectParity(new Layer(), reference!(), input);
    expectConfigCompatible(new Layer(), reference!());
    tf.dispose(input);
  },
);

test('Subtract (tfjs-layers has none): gradient of Σ(a - b) is +1 for a and -1 for b, by hand', () => {
  const layer = new Subtract();
  const input = [tf.ones([2, 3]), tf.ones([2, 3])];
  const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => layer.apply([a, b]).sum())(input);
  expect(Array.from(ga!.dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
  expect(Array.from(gb!.dataSync())).toEqual([-1, -1, -1, -1, -1, -1]);
  tf.dispose([...input, ga!, gb!]);
});

test('three inputs, broadcasting a size-1 axis and a lower-rank input (Keras rules)', () => {
  const a = tf.ones([2, 3, 4]);
  const b = tf.fill([2, 1, 4], 2);
  const c = tf.fill([2, 4], 3); // becomes [2, 1, 4]
  const layer = new Add();
  const y = layer.apply([a, b, c]);
  expect(y.shape).toEqual([2, 3, 4]);
  expect(Array.from(y.dataSync()).every((v) => v === 6)).toBe(true);
  expect(
    layer.computeOutputShape([
      [null, 3, 4],
      [null, 1, 4],
      [null, 4],
    ]),
  ).toEqual([null, 3, 4]);
  tf.dispose([a, b, c, y]);
});

test('different batch sizes, one input, and Subtract with three inputs are errors', () => {
  const a = tf.zeros([2, 3]);
  const b = tf.zeros([5, 3]);
  expect(() => new Multiply().apply([a, b])).toThrow(/one batch size \(input 0 has 2\), got shape \[5, 3\]/);
  expect(() => new Add().apply(a)).toThrow(
    /takes an array of at least 2 tensors, got one tensor of shape \[2, 3\]/,
  );
  expect(() => new Subtract().apply([a, a, a])).toThrow(/exactly 2 tensors, got 3/);
  tf.dispose([a, b]);
});

test('applying in a loop leaks nothing', () => {
  const input = [tf.ones([2, 3]), tf.ones([2, 3])];
  const layer = new Average();
  tf.dispose(layer.apply(input));
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) tf.dispose(layer.apply(input));
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose(input);
});
