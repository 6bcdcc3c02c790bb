import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { DepthwiseConv2D, type DepthwiseConv2DArgs } from './depthwise-conv-2d.js';
import {
  expectNoLeak,
  expectParity,
  expectTfjsParity,
  FunctionReference,
  referenceConv2d,
} from './expect-parity.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const cases: DepthwiseConv2DArgs[] = [
  { kernelSize: 3 },
  { kernelSize: [2, 3], depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu' },
  { kernelSize: 1, depthMultiplier: 3, useBias: false },
];

describe('DepthwiseConv2D', () => {
  test.each(cases)('matches tfjs-layers built from our config: output and gradients %o', (args) => {
    const layer = new DepthwiseConv2D(args);
    expectTfjsParity(layer, [2, 5, 6, 3], 13);
  });

  test.each(['valid', 'same'] as const)(
    'dilation (tfjs-layers ignores it) against a plain-op depthwise convolution: output and gradients, padding %s',
    (padding) => {
      const layer = new DepthwiseConv2D({
        kernelSize: [2, 2],
        dilationRate: [1, 2],
        depthMultiplier: 2,
        padding,
      });
      const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 14);
      const reference = new FunctionReference(([input], [kernel, bias]) =>
        tf.add(
          referenceConv2d(input as tf.Tensor4D, kernel as tf.Tensor4D, [1, 1], padding, [1, 2], true),
          bias!,
        ),
      );
      expectParity({ strata: layer, reference, inputs: x });
      reference.dispose();
      x.dispose();
    },
  );

  test('by hand: channels are not mixed; output channel c·m + j comes from input channel c', async () => {
    const layer = new DepthwiseConv2D({ kernelSize: 1, depthMultiplier: 2, useBias: false });
    layer.build([null, 1, 1, 2]);
    const kernel = tf.tensor4d([1, 10, 100, 1000], [1, 1, 2, 2]);
    layer.setWeights([kernel]);
    const x = tf.tensor4d([2, 3], [1, 1, 1, 2]);
    const y = layer.apply(x);
    expect(Array.from(await y.data())).toEqual([2, 20, 300, 3000]);
    tf.dispose([kernel, x, y]);
  });

  test.each([...cases, { kernelSize: 3, dilationRate: 2 }])(
    'computeOutputShape agrees with apply: %o',
    (args) => {
      const layer = new DepthwiseConv2D(args);
      const y = layer.apply(tf.zeros([2, 5, 6, 3]));
      expect(layer.computeOutputShape([null, 5, 6, 3])).toEqual([null, ...y.shape.slice(1)]);
      y.dispose();
    },
  );

  test('weights depthwise_kernel [kh, kw, in, multiplier] and bias [in·multiplier]; config round-trips', () => {
    const layer = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2, depthwiseRegularizer: 'l2' });
    layer.build([null, 8, 8, 3]);
    expect(layer.weightInfo().map((w) => [w.path, w.variable.shape])).toEqual([
      ['depthwise_kernel', [3, 3, 3, 2]],
      ['bias', [6]],
    ]);
    const config = layer.getConfig();
    expect(config).toMatchObject({
      depthMultiplier: 2,
      depthwiseInitializer: { className: 'GlorotUniform' },
    });
    expect(config).not.toHaveProperty('filters');
    expect(deserializeLayer(serializeLayer(layer)).getConfig()).toEqual(config);
    expect(() => new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 0 })).toThrow(
      /depthMultiplier must be a positive integer, got 0/,
    );
  });

  test('bad input names the layer and the fix', () => {
    const x = tf.zeros([2, 28, 28]);
    expect(() => new DepthwiseConv2D({ kernelSize: 3 }).apply(x)).toThrow(
      /\(DepthwiseConv2D\) expected an input of rank 4.*Reshape\(\[28, 28, 1\]\)/,
    );
    x.dispose();
  });

  test('apply in a loop keeps the number of tensors constant', () => {
    const layer = new DepthwiseConv2D({ kernelSize: 3, padding: 'same', activation: 'relu' });
    const x = tf.ones([1, 4, 4, 2]);
    expectNoLeak(() => layer.apply(x));
    x.dispose();
  });
});
