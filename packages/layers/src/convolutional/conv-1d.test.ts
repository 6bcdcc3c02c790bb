import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { Conv1D, type Conv1DArgs } from './conv-1d.js';
import {
  expectNoLeak,
  expectParity,
  FunctionReference,
  referenceConv2d,
  tfjsLayerFromConfig,
} from './expect-parity.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const cases: Conv1DArgs[] = [
  { filters: 3, kernelSize: 3 },
  { filters: 2, kernelSize: 2, strides: 2, padding: 'same', activation: 'relu' },
  { filters: 2, kernelSize: 3, dilationRate: 2, activation: 'tanh' },
  { filters: 1, kernelSize: 1, useBias: false },
];

/** Conv1D through the plain-op 2D reference: steps as height, a width of 1. */
function referenceConv1d(x: tf.Tensor, kernel: tf.Tensor, dilation: number, causal: boolean): tf.Tensor {
  const k = kernel.shape[0]!;
  const input = causal
    ? tf.pad(x, [
        [0, 0],
        [(k - 1) * dilation, 0],
        [0, 0],
      ])
    : x;
  const y = referenceConv2d(
    tf.expandDims(input, 2) as tf.Tensor4D,
    tf.expandDims(kernel, 1) as tf.Tensor4D,
    [1, 1],
    'valid',
    [dilation, 1],
  );
  return tf.squeeze(y, [2]);
}

describe('Conv1D', () => {
  test.each(cases)('matches tfjs-layers built from our config: output and gradients %o', (args) => {
    const layer = new Conv1D(args);
    const x = tf.randomNormal([2, 7, 3], 0, 1, 'float32', 11);
    // tfjs cannot differentiate dilated convolutions: there the gradients are checked against plain ops below.
    const forwardOnly = (args.dilationRate ?? 1) !== 1;
    expectParity({
      strata: layer,
      reference: tfjsLayerFromConfig('Conv1D', layer.getConfig()),
      inputs: x,
      forwardOnly,
    });
    if (forwardOnly) {
      const reference = new FunctionReference(([input], [kernel, bias]) =>
        tf.tanh(tf.add(referenceConv1d(input!, kernel!, 2, false), bias!)),
      );
      expectParity({ strata: layer, reference, inputs: x });
      reference.dispose();
    }
    x.dispose();
  });

  test.each([1, 3])(
    'causal padding (tfjs-layers lacks it) against a plain-op reference: output and gradients, dilation %d',
    (dilation) => {
      const layer = new Conv1D({
        filters: 2,
        kernelSize: 2,
        dilationRate: dilation,
        padding: 'causal',
        activation: 'tanh',
      });
      const x = tf.randomNormal([2, 8, 3], 0, 1, 'float32', 12);
      const reference = new FunctionReference(([input], [kernel, bias]) =>
        tf.tanh(tf.add(referenceConv1d(input!, kernel!, dilation, true), bias!)),
      );
      expectParity({ strata: layer, reference, inputs: x });
      reference.dispose();
      x.dispose();
    },
  );

  test('causal padding: output step t depends only on inputs up to t', async () => {
    const layer = new Conv1D({
      filters: 1,
      kernelSize: 3,
      padding: 'causal',
      kernelInitializer: 'ones',
      useBias: false,
    });
    const x = tf.tensor3d([1, 2, 3, 4, 5], [1, 5, 1]);
    const y = layer.apply(x);
    // Window sums with two zeros in front: 1, 1+2, 1+2+3, 2+3+4, 3+4+5.
    expect(Array.from(await y.data())).toEqual([1, 3, 6, 9, 12]);
    tf.dispose([x, y]);
  });

  test.each([...cases, { filters: 2, kernelSize: 3, dilationRate: 2, padding: 'causal' as const }])(
    'computeOutputShape agrees with apply: %o',
    (args) => {
      const layer = new Conv1D(args);
      const y = layer.apply(tf.zeros([2, 7, 3]));
      expect(layer.computeOutputShape([null, 7, 3])).toEqual([null, ...y.shape.slice(1)]);
      expect(layer.computeOutputShape([null, null, 3])).toEqual([null, null, y.shape[2]]);
      y.dispose();
    },
  );

  test('weights, config round-trip', () => {
    const layer = new Conv1D({ filters: 4, kernelSize: 5, padding: 'causal' });
    layer.build([null, 10, 2]);
    expect(layer.weights.map((w) => w.shape)).toEqual([[5, 2, 4], [4]]);
    const copy = deserializeLayer(serializeLayer(layer));
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(layer.getConfig()).toMatchObject({
      kernelSize: [5],
      strides: [1],
      dilationRate: [1],
      padding: 'causal',
    });
  });

  test('bad input: a missing channel axis gets a Reshape fix; images name the expected layout', () => {
    const layer = new Conv1D({ filters: 2, kernelSize: 3 });
    const flat = tf.zeros([4, 100]);
    expect(() => layer.apply(flat)).toThrow(
      /rank 3, got shape \[\d+, 100\]\. Conv1D expects \[batch, steps, channels\]; add a channel axis with Reshape\(\[100, 1\]\)/,
    );
    const images = tf.zeros([1, 5, 5, 1]);
    expect(() => layer.apply(images)).toThrow(/rank 3.*reshape the input to rank 3/);
    tf.dispose([flat, images]);
    expect(() => new Conv1D({ filters: 1, kernelSize: [2, 2] as unknown as number })).toThrow(
      /kernelSize must be a positive integer or an array of 1/,
    );
  });

  test('apply in a loop keeps the number of tensors constant', () => {
    const layer = new Conv1D({ filters: 2, kernelSize: 3, padding: 'causal' });
    const x = tf.ones([1, 6, 2]);
    expectNoLeak(() => layer.apply(x));
    x.dispose();
  });
});
