import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  expectNoLeak,
  expectParity,
  expectTfjsParity,
  tfjsLayerFromConfig,
} from '../convolutional/expect-parity.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { LSTM, type LSTMArgs } from './lstm.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const cases: LSTMArgs[] = [
  { units: 3 },
  { units: 2, returnSequences: true, goBackwards: true },
  { units: 2, returnState: true, returnSequences: true },
  { units: 3, recurrentActivation: 'hardSigmoid', activation: 'relu', useBias: false },
];

describe('LSTM', () => {
  test.each(cases)('matches tfjs-layers built from our config: output, states and gradients %o', (args) => {
    const layer = new LSTM(args);
    expectTfjsParity(layer, [2, 5, 3], 31);
  });

  test('with a mask and initial [h, c], matches tfjs-layers', () => {
    const layer = new LSTM({ units: 2, returnSequences: true, returnState: true });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 32);
    const mask = tf.tensor2d([1, 0, 1, 1, 1, 1, 1, 0], [2, 4], 'bool');
    const initialState = [
      tf.randomNormal([2, 2], 0, 1, 'float32', 33),
      tf.randomNormal([2, 2], 0, 1, 'float32', 34),
    ];
    expectParity({
      strata: layer,
      reference: tfjsLayerFromConfig('LSTM', layer.getConfig()),
      inputs: x,
      kwargs: { mask, initialState },
    });
    tf.dispose([x, mask, ...initialState]);
  });

  test('defaults as Keras 3: sigmoid gates, glorotUniform/orthogonal kernels, forget-gate bias 1', async () => {
    const layer = new LSTM({ units: 3 });
    layer.build([null, 4, 2]);
    expect(layer.weightInfo().map((w) => [w.path, w.variable.shape])).toEqual([
      ['kernel', [2, 12]],
      ['recurrent_kernel', [3, 12]],
      ['bias', [12]],
    ]);
    expect(Array.from(await layer.weights[2]!.data())).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    // An orthogonal recurrent kernel: each of its four [3, 3] blocks... as a whole U·Uᵀ = I (3 rows of 12).
    const u = layer.weights[1]!;
    const gram = tf.matMul(u, u, false, true);
    const eye = tf.eye(3);
    expect(tf.max(tf.abs(tf.sub(gram, eye))).dataSync()[0]).toBeLessThan(1e-5);
    const config = layer.getConfig();
    expect(config).toMatchObject({
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      kernelInitializer: { className: 'GlorotUniform' },
    });
    expect(config.biasInitializer).toEqual({ className: 'Zeros', config: {} });
    expect(deserializeLayer(serializeLayer(layer)).getConfig()).toEqual(config);
    tf.dispose([gram, eye]);
  });

  test('returnState gives [output, h, c]; computeOutputShape lists the three shapes', () => {
    const layer = new LSTM({ units: 4, returnState: true });
    const out = layer.apply(tf.zeros([2, 3, 5])) as unknown as tf.Tensor[];
    expect(out.map((t) => t.shape)).toEqual([
      [2, 4],
      [2, 4],
      [2, 4],
    ]);
    expect(layer.computeOutputShape([null, 3, 5])).toEqual([
      [null, 4],
      [null, 4],
      [null, 4],
    ]);
    tf.dispose(out);
  });

  test('bad input: wrong rank, wrong features, wrong mask, wrong initial state, stateful', () => {
    const layer = new LSTM({ units: 2 });
    const flat = tf.zeros([4, 8]);
    expect(() => layer.apply(flat)).toThrow(
      /\(LSTM\) expected an input of rank 3, got shape \[\d+, 8\]\. LSTM expects \[batch, timesteps, features\].*tf\.expandDims\(x, 0\).*Reshape\(\[1, 8\]\)/,
    );
    const x = tf.zeros([2, 3, 4]);
    tf.dispose(layer.apply(x));
    const other = tf.zeros([2, 3, 5]);
    expect(() => layer.apply(other)).toThrow(
      /last axis is 4, got shape \[2, 3, 5\]\. It was built for 4 features per step/,
    );
    const badMask = tf.ones([2, 4]);
    expect(() => layer.apply(x, { mask: badMask })).toThrow(
      /mask expected shape \[2, 3\], got shape \[2, 4\].*\[batch, timesteps\]/,
    );
    const h = tf.zeros([2, 2]);
    expect(() => layer.apply(x, { initialState: [h] })).toThrow(
      /initialState must be 2 tensor\(s\) of shape \[2, 2\] \(\[h, c\]\), got 1/,
    );
    expect(() => new LSTM({ units: 2, stateful: true })).toThrow(
      /stateful RNNs are not supported.*returnState: true/,
    );
    expect(() => new LSTM({ units: 0 })).toThrow(/units must be a positive integer, got 0/);
    expect(() => new LSTM({ units: 2, dropout: 1 })).toThrow(/dropout must be a number in \[0, 1\), got 1/);
    tf.dispose([flat, x, other, badMask, h]);
  });

  test('dropout in training: one input mask per sequence (the same features are dropped at every step)', async () => {
    const layer = new LSTM({ units: 3, dropout: 0.5 });
    // 64 features: the chance that the unseeded mask keeps all or drops all of them is 2 · 2^-64.
    const x = tf.randomNormal([1, 4, 64], 0, 1, 'float32', 35);
    tf.dispose(layer.apply(x));
    const grad = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { training: true })))(x);
    const perStepZeros = ((await grad.array()) as number[][][])[0]!.map((step) => step.map((g) => g === 0));
    // Every step has the same zero pattern, and some (but not all) features are dropped.
    for (const step of perStepZeros) expect(step).toEqual(perStepZeros[0]);
    expect(perStepZeros[0]!.some(Boolean)).toBe(true);
    expect(perStepZeros[0]!.every(Boolean)).toBe(false);
    tf.dispose([x, grad]);
  });

  test('apply in a loop keeps the number of tensors constant', () => {
    const layer = new LSTM({ units: 2, returnSequences: true, returnState: true });
    const x = tf.ones([2, 3, 2]);
    expectNoLeak(() => layer.apply(x) as unknown as tf.Tensor[]);
    x.dispose();
  });
});
