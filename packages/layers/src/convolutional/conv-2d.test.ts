import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { l1, l2 } from '../regularizers/index.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { Conv2D, type Conv2DArgs } from './conv-2d.js';
import {
  expectClose,
  expectNoLeak,
  expectParity,
  expectTfjsParity,
  FunctionReference,
  referenceConv2d,
  tfjsLayerFromConfig,
} from './expect-parity.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const cases: Conv2DArgs[] = [
  { filters: 3, kernelSize: 3 },
  { filters: 2, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' },
  // sigmoid is fused in inference but not under a gradient tape (tfjs has no fused sigmoid gradient).
  { filters: 4, kernelSize: 1, useBias: false, activation: 'sigmoid' },
  { filters: 2, kernelSize: 3, strides: [1, 2], padding: 'same', activation: 'gelu' },
];

describe('Conv2D', () => {
  test.each(cases)(
    'matches tfjs-layers built from our config: output and gradients (input, kernel, bias) %o',
    (args) => {
      const layer = new Conv2D(args);
      expectTfjsParity(layer, [2, 6, 5, 3], 5);
    },
  );

  test('the plain-op reference convolution itself agrees with tf.conv2d (so it can stand in where tfjs cannot)', () => {
    const x = tf.randomNormal([1, 7, 6, 2], 0, 1, 'float32', 8);
    const kernel = tf.randomNormal([3, 2, 2, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    for (const padding of ['valid', 'same'] as const) {
      for (const strides of [
        [1, 1],
        [2, 3],
      ] as [number, number][]) {
        const ours = referenceConv2d(x as tf.Tensor4D, kernel, strides, padding);
        const theirs = tf.conv2d(x as tf.Tensor4D, kernel, strides, padding);
        expectClose(ours, theirs);
        tf.dispose([ours, theirs]);
      }
    }
    tf.dispose([x, kernel]);
  });

  test('dilation: output matches tfjs-layers; gradients (which tfjs lacks for dilated kernels) match a plain-op convolution', () => {
    for (const padding of ['valid', 'same'] as const) {
      const layer = new Conv2D({
        filters: 2,
        kernelSize: [2, 3],
        dilationRate: [2, 1],
        padding,
        activation: 'tanh',
      });
      const x = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 7);
      expectParity({
        strata: layer,
        reference: tfjsLayerFromConfig('Conv2D', layer.getConfig()),
        inputs: x,
        forwardOnly: true,
      });
      const reference = new FunctionReference(([input], [kernel, bias]) =>
        tf.tanh(
          tf.add(
            referenceConv2d(input as tf.Tensor4D, kernel as tf.Tensor4D, [1, 1], padding, [2, 1]),
            bias!,
          ),
        ),
      );
      expectParity({ strata: layer, reference, inputs: x });
      reference.dispose();
      x.dispose();
    }
  });

  test.each(cases)('computeOutputShape agrees with apply: %o', (args) => {
    const layer = new Conv2D(args);
    const y = layer.apply(tf.zeros([2, 6, 5, 3]));
    expect(layer.computeOutputShape([null, 6, 5, 3])).toEqual([null, ...y.shape.slice(1)]);
    expect(layer.computeOutputShape([2, null, 5, 3])).toEqual([2, null, y.shape[2], y.shape[3]]);
    y.dispose();
  });

  test('weights: kernel [kh, kw, in, filters] (glorotUniform) then bias [filters] (zeros)', async () => {
    const layer = new Conv2D({ filters: 4, kernelSize: [3, 2] });
    layer.build([null, 8, 8, 3]);
    expect(layer.weights.map((w) => w.shape)).toEqual([[3, 2, 3, 4], [4]]);
    expect(layer.weightInfo().map((w) => w.path)).toEqual(['kernel', 'bias']);
    // Glorot uniform limit sqrt(6 / (fanIn + fanOut)), fans counting the 3x2 window.
    const limit = Math.sqrt(6 / (3 * 2 * 3 + 3 * 2 * 4));
    const kernel = await layer.weights[0]!.data();
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Array.from(await layer.weights[1]!.data())).toEqual([0, 0, 0, 0]);
  });

  test('by hand: a 2x2 kernel of ones sums each window, plus bias', async () => {
    const layer = new Conv2D({
      filters: 1,
      kernelSize: 2,
      kernelInitializer: 'ones',
      biasInitializer: { className: 'Constant', config: { value: 0.5 } },
    });
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = layer.apply(x);
    expect(Array.from(await y.data())).toEqual([12.5, 16.5, 24.5, 28.5]);
    tf.dispose([x, y]);
  });

  test('regularizers: kernel and bias penalties and the activity penalty are in losses after each call', async () => {
    const layer = new Conv2D({
      filters: 2,
      kernelSize: 2,
      kernelRegularizer: l2({ l2: 0.1 }),
      biasRegularizer: 'l1',
      activityRegularizer: l1({ l1: 0.01 }),
      biasInitializer: 'ones',
    });
    const x = tf.randomNormal([1, 3, 3, 1], 0, 1, 'float32', 6);
    const y = layer.apply(x);
    const [kernel, bias] = layer.weights;
    const expected = [
      tf.tidy(() => tf.sum(tf.square(kernel!)).mul(0.1)),
      tf.tidy(() => tf.sum(tf.abs(bias!)).mul(0.01)),
      tf.tidy(() => tf.sum(tf.abs(y)).mul(0.01)),
    ];
    const losses = layer.losses;
    expect(losses).toHaveLength(3);
    // Order: the activity penalty is added during call, the weight penalties after it.
    const sorted = [losses[1]!, losses[2]!, losses[0]!];
    sorted.forEach((loss, i) => {
      expectClose(loss, expected[i]!);
    });
    const config = layer.getConfig();
    expect(config.kernelRegularizer).toEqual({ className: 'L1L2', config: { l1: 0, l2: 0.1 } });
    expect(config.activityRegularizer).toEqual({ className: 'L1L2', config: { l1: 0.01, l2: 0 } });
    tf.dispose([x, y, ...expected]);
    layer.clearLosses();
  });

  test('kernelConstraint and biasConstraint are attached to the weights (applied by the optimizer)', () => {
    const layer = new Conv2D({
      filters: 2,
      kernelSize: 2,
      kernelConstraint: 'nonNeg',
      biasConstraint: { className: 'MaxNorm', config: { maxValue: 3 } },
    });
    layer.build([null, 4, 4, 1]);
    const info = layer.weightInfo();
    expect(info.map((w) => w.constraint?.constructor.name)).toEqual(['NonNeg', 'MaxNorm']);
    expect(layer.getConfig().biasConstraint).toEqual({
      className: 'MaxNorm',
      config: { maxValue: 3, axis: 0 },
    });
  });

  test('config round-trips through the registry and rebuilds an equal layer', () => {
    const layer = new Conv2D({
      filters: 5,
      kernelSize: [3, 1],
      strides: [2, 1],
      padding: 'same',
      activation: 'leakyRelu',
      useBias: false,
    });
    const copy = deserializeLayer(serializeLayer(layer));
    expect(copy).toBeInstanceOf(Conv2D);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(layer.getConfig()).toMatchObject({
      filters: 5,
      kernelSize: [3, 1],
      strides: [2, 1],
      dilationRate: [1, 1],
      kernelInitializer: { className: 'GlorotUniform' },
    });
  });

  test('missing channel axis: the error names the layer and shapes and suggests Reshape([28, 28, 1])', () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 3 });
    const x = tf.zeros([2, 28, 28]);
    expect(() => layer.apply(x)).toThrow(
      /Layer 'conv2d(_\d+)?' \(Conv2D\) expected an input of rank 4, got shape \[\d+, 28, 28\]\. Conv2D expects \[batch, height, width, channels\]; add a channel axis with Reshape\(\[28, 28, 1\]\)/,
    );
    expect(layer.built).toBe(false);
    expect(layer.weights).toHaveLength(0);
    x.dispose();
  });

  test('wrong channels after build: says what it was built for; channels-first data gets the transpose fix', () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 3 });
    const rgb = tf.zeros([1, 8, 8, 3]);
    tf.dispose(layer.apply(rgb));
    const gray = tf.zeros([1, 8, 8, 1]);
    expect(() => layer.apply(gray)).toThrow(
      /last axis is 3, got shape \[1, 8, 8, 1\]\. It was built for inputs with 3 channels.*new layer for 1-channel/,
    );
    const nchw = tf.zeros([1, 3, 8, 8]);
    expect(() => layer.apply(nchw)).toThrow(
      /looks channels-first: transpose it with tf\.transpose\(x, \[0, 2, 3, 1\]\)/,
    );
    tf.dispose([rgb, gray, nchw]);
  });

  test('unknown channels, a kernel larger than the input, bad arguments: each error says how to fix it', () => {
    expect(() => new Conv2D({ filters: 2, kernelSize: 3 }).build([null, 8, 8, null])).toThrow(
      /channel axis \(the last\) is known/,
    );
    const small = tf.zeros([1, 2, 2, 1]);
    expect(() => new Conv2D({ filters: 1, kernelSize: 3 }).apply(small)).toThrow(
      /at least \[3, 3\] \(the kernelSize\).*padding: 'same'/,
    );
    expect(() => new Conv2D({ filters: 1, kernelSize: 2, dilationRate: 2 }).apply(small)).toThrow(
      /at least \[3, 3\]/,
    );
    small.dispose();
    expect(() => new Conv2D({ kernelSize: 3 } as Conv2DArgs)).toThrow(
      /filters \(the number of output channels\) must be a positive integer, got undefined/,
    );
    expect(() => new Conv2D({ filters: 1 } as Conv2DArgs)).toThrow(/kernelSize is required/);
    expect(() => new Conv2D({ filters: 1, kernelSize: [3, 3, 3] as unknown as number })).toThrow(
      /kernelSize must be a positive integer or an array of 2/,
    );
    expect(() => new Conv2D({ filters: 1, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /cannot both exceed 1/,
    );
    expect(() => new Conv2D({ filters: 1, kernelSize: 3, padding: 'causal' as 'same' })).toThrow(
      /padding must be 'valid' or 'same'/,
    );
    expect(() => new Conv2D({ filters: 1, kernelSize: 3, dataFormat: 'channelsFirst' })).toThrow(
      /not supported.*tf\.transpose/,
    );
    expect(() => new Conv2D({ filters: 1, kernelSize: 3, activation: 'relu7' })).toThrow(
      /Unknown activation 'relu7'/,
    );
  });

  test('setWeights with a wrong shape names the weight and the expected shapes, and changes nothing', async () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 3 });
    layer.build([null, 5, 5, 1]);
    const before = await layer.weights[1]!.data();
    const bad = [tf.zeros([3, 3, 2, 1]), tf.ones([2])];
    expect(() => layer.setWeights(bad)).toThrow(
      /setWeights for weight 'kernel' expected shape \[3, 3, 1, 2\], got shape \[3, 3, 2, 1\].*kernel \[3, 3, 1, 2\], bias \[2\]/,
    );
    expect(await layer.weights[1]!.data()).toEqual(before);
    tf.dispose(bad);
  });

  test('apply in a loop keeps the number of tensors constant (fused and unfused activations)', () => {
    for (const activation of ['relu', 'softplus'] as const) {
      const layer = new Conv2D({
        filters: 2,
        kernelSize: 3,
        padding: 'same',
        activation,
        activityRegularizer: 'l2',
      });
      const x = tf.ones([1, 4, 4, 2]);
      expectNoLeak(() => layer.apply(x));
      x.dispose();
      layer.dispose();
    }
  });
});
