import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import {
  expectNoLeak,
  expectParity,
  expectTfjsParity,
  FunctionReference,
  referenceConv2d,
  tfjsLayerFromConfig,
} from './expect-parity.js';
import { SeparableConv2D, type SeparableConv2DArgs } from './separable-conv-2d.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const cases: SeparableConv2DArgs[] = [
  { filters: 4, kernelSize: 3 },
  { filters: 2, kernelSize: [3, 2], depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu' },
  { filters: 3, kernelSize: 2, useBias: false, activation: 'elu' },
];

describe('SeparableConv2D', () => {
  test.each(cases)('matches tfjs-layers built from our config: output and gradients %o', (args) => {
    const layer = new SeparableConv2D(args);
    expectTfjsParity(layer, [2, 5, 6, 3], 15);
  });

  test('dilation: output matches tfjs-layers; gradients match depthwise-then-pointwise in plain ops', () => {
    const layer = new SeparableConv2D({ filters: 2, kernelSize: 2, dilationRate: 2, padding: 'same' });
    const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 16);
    expectParity({
      strata: layer,
      reference: tfjsLayerFromConfig('SeparableConv2D', layer.getConfig()),
      inputs: x,
      forwardOnly: true,
    });
    const reference = new FunctionReference(([input], [depthwise, pointwise, bias]) => {
      const spatial = referenceConv2d(
        input as tf.Tensor4D,
        depthwise as tf.Tensor4D,
        [1, 1],
        'same',
        [2, 2],
        true,
      );
      return tf.add(referenceConv2d(spatial, pointwise as tf.Tensor4D, [1, 1], 'valid'), bias!);
    });
    expectParity({ strata: layer, reference, inputs: x });
    reference.dispose();
    x.dispose();
  });

  test.each(cases)('computeOutputShape agrees with apply: %o', (args) => {
    const layer = new SeparableConv2D(args);
    const y = layer.apply(tf.zeros([2, 5, 6, 3]));
    expect(layer.computeOutputShape([null, 5, 6, 3])).toEqual([null, ...y.shape.slice(1)]);
    y.dispose();
  });

  test('weights depthwise_kernel, pointwise_kernel, bias; config has no kernel* keys (tfjs-layers rejects them)', () => {
    const layer = new SeparableConv2D({ filters: 8, kernelSize: 3, depthMultiplier: 2 });
    layer.build([null, 8, 8, 3]);
    expect(layer.weightInfo().map((w) => [w.path, w.variable.shape])).toEqual([
      ['depthwise_kernel', [3, 3, 3, 2]],
      ['pointwise_kernel', [1, 1, 6, 8]],
      ['bias', [8]],
    ]);
    const config = layer.getConfig();
    expect(Object.keys(config).filter((k) => k.startsWith('kernel') && k !== 'kernelSize')).toEqual([]);
    expect(deserializeLayer(serializeLayer(layer)).getConfig()).toEqual(config);
    expect(
      () =>
        new SeparableConv2D({ filters: 2, kernelSize: 3, kernelInitializer: 'ones' } as SeparableConv2DArgs),
    ).toThrow(
      /kernelInitializer do not apply to SeparableConv2D.*depthwiseInitializer\/pointwiseInitializer/,
    );
  });

  test('bad input names the layer and the fix; no leaks', () => {
    const flat = tf.zeros([2, 784]);
    expect(() => new SeparableConv2D({ filters: 2, kernelSize: 3 }).apply(flat)).toThrow(
      /looks flat.*Reshape\(\[28, 28, 1\]\)/,
    );
    flat.dispose();
    const layer = new SeparableConv2D({ filters: 2, kernelSize: 3, padding: 'same' });
    const x = tf.ones([1, 4, 4, 2]);
    expectNoLeak(() => layer.apply(x));
    x.dispose();
  });
});
