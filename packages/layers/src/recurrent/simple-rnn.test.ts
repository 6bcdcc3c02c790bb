import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  expectClose,
  expectNoLeak,
  expectParity,
  expectTfjsParity,
  tfjsLayerFromConfig,
} from '../convolutional/expect-parity.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { SimpleRNN, type SimpleRNNArgs } from './simple-rnn.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const cases: SimpleRNNArgs[] = [
  { units: 3 },
  { units: 2, returnSequences: true },
  { units: 2, returnSequences: true, goBackwards: true },
  { units: 3, returnState: true, activation: 'relu', useBias: false },
];

describe('SimpleRNN', () => {
  test.each(cases)('matches tfjs-layers built from our config: output and gradients %o', (args) => {
    const layer = new SimpleRNN(args);
    expectTfjsParity(layer, [2, 4, 3], 21);
  });

  test('with a mask and an initial state, matches tfjs-layers', () => {
    const layer = new SimpleRNN({ units: 2, returnSequences: true });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 22);
    const mask = tf.tensor2d([1, 1, 0, 1, 1, 0, 0, 0], [2, 4]);
    const initialState = [tf.randomNormal([2, 2], 0, 1, 'float32', 23)];
    expectParity({
      strata: layer,
      reference: tfjsLayerFromConfig('SimpleRNN', layer.getConfig()),
      inputs: x,
      kwargs: { mask, initialState },
    });
    tf.dispose([x, mask, ...initialState]);
  });

  test('by hand: h_t = tanh(x_t·W + h_{t-1}·U + b)', async () => {
    const layer = new SimpleRNN({ units: 1, returnSequences: true });
    layer.build([null, 2, 1]);
    const weights = [tf.tensor2d([[0.5]]), tf.tensor2d([[2]]), tf.tensor1d([0.1])];
    layer.setWeights(weights);
    const x = tf.tensor3d([1, -1], [1, 2, 1]);
    const y = layer.apply(x);
    const h1 = Math.tanh(0.5 + 0.1);
    const h2 = Math.tanh(-0.5 + 2 * h1 + 0.1);
    const got = Array.from(await y.data());
    expect(got[0]).toBeCloseTo(h1, 6);
    expect(got[1]).toBeCloseTo(h2, 6);
    tf.dispose([...weights, x, y]);
  });

  test('computeOutputShape agrees with apply, including returnState lists and unknown lengths', () => {
    for (const args of cases) {
      const layer = new SimpleRNN(args);
      const y = layer.apply(tf.zeros([2, 4, 3])) as tf.Tensor | tf.Tensor[];
      const shapes = Array.isArray(y)
        ? y.map((t) => [null, ...t.shape.slice(1)])
        : [null, ...y.shape.slice(1)];
      expect(layer.computeOutputShape([null, 4, 3])).toEqual(shapes);
      tf.dispose(y);
    }
    expect(new SimpleRNN({ units: 5, returnSequences: true }).computeOutputShape([null, null, 3])).toEqual([
      null,
      null,
      5,
    ]);
  });

  test('config round-trips and has the tfjs-layers keys', () => {
    const layer = new SimpleRNN({ units: 4, returnSequences: true, dropout: 0.25, kernelRegularizer: 'l2' });
    const config = layer.getConfig();
    expect(config).toMatchObject({
      units: 4,
      activation: 'tanh',
      returnSequences: true,
      stateful: false,
      dropout: 0.25,
      recurrentInitializer: { className: 'Orthogonal' },
    });
    expect(deserializeLayer(serializeLayer(layer)).getConfig()).toEqual(config);
  });

  test('apply in a loop keeps the number of tensors constant (with mask, dropout in training)', () => {
    const layer = new SimpleRNN({ units: 2, returnSequences: true, dropout: 0.5, recurrentDropout: 0.5 });
    const x = tf.ones([2, 3, 2]);
    const mask = tf.ones([2, 3]);
    expectNoLeak(() => layer.apply(x, { mask, training: true }));
    tf.dispose([x, mask]);
  });

  test('dropout only in training: inference equals a dropout-free layer with the same weights', () => {
    const withDropout = new SimpleRNN({ units: 3, dropout: 0.5, recurrentDropout: 0.3 });
    const plain = new SimpleRNN({ units: 3 });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 24);
    tf.dispose([withDropout.apply(x), plain.apply(x)]);
    const weights = withDropout.getWeights();
    plain.setWeights(weights);
    const a = withDropout.apply(x);
    const b = plain.apply(x);
    expectClose(a, b);
    tf.dispose([x, a, b, ...weights]);
  });
});
