import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { Conv2D } from './conv-2d.js';
import { Conv2DTranspose, type Conv2DTransposeArgs } from './conv-2d-transpose.js';
import { expectClose, expectNoLeak, expectTfjsParity } from './expect-parity.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const cases: Conv2DTransposeArgs[] = [
  { filters: 2, kernelSize: 3, strides: 2, padding: 'same' },
  { filters: 3, kernelSize: 3, strides: 2 },
  { filters: 2, kernelSize: [2, 3], strides: [1, 2], activation: 'relu' },
  { filters: 1, kernelSize: 4, strides: 1, padding: 'same', useBias: false },
];

describe('Conv2DTranspose', () => {
  test.each(cases)('matches tfjs-layers built from our config: output and gradients %o', (args) => {
    const layer = new Conv2DTranspose(args);
    expectTfjsParity(layer, [2, 3, 4, 3], 17);
  });

  test.each(cases)('computeOutputShape agrees with apply: %o', (args) => {
    const layer = new Conv2DTranspose(args);
    const y = layer.apply(tf.zeros([2, 3, 4, 3]));
    expect(layer.computeOutputShape([null, 3, 4, 3])).toEqual([null, ...y.shape.slice(1)]);
    y.dispose();
  });

  test('it is the input-gradient of Conv2D with the same kernel (the definition)', () => {
    const transpose = new Conv2DTranspose({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
    });
    const x = tf.randomNormal([1, 3, 3, 4], 0, 1, 'float32', 18);
    const y = transpose.apply(x);
    // Conv2D from [1, 6, 6, 2] to [1, 3, 3, 4] with kernel [3, 3, 2, 4]: d(Σ conv(z)·x)/dz is the transpose of x.
    const kernel = transpose.weights[0]!;
    const grad = tf.grad((z: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(z as tf.Tensor4D, kernel as tf.Tensor4D, 2, 'same'), x)),
    )(tf.zeros([1, 6, 6, 2]));
    expectClose(y, grad);
    tf.dispose([x, y, grad]);
  });

  test('outputPadding adds rows/columns at the end that only receive the bias (padding valid), as Keras', async () => {
    const plain = new Conv2DTranspose({ filters: 1, kernelSize: 2, strides: 3, biasInitializer: 'ones' });
    const padded = new Conv2DTranspose({
      filters: 1,
      kernelSize: 2,
      strides: 3,
      outputPadding: [2, 1],
      biasInitializer: 'ones',
    });
    const x = tf.randomNormal([1, 2, 2, 1], 0, 1, 'float32', 19);
    const a = plain.apply(x);
    padded.build([null, 2, 2, 1]);
    const weights = plain.getWeights();
    padded.setWeights(weights);
    tf.dispose(weights);
    const b = padded.apply(x);
    // Keras: (in - 1)·stride + kernel + outputPadding = 3 + 2 + 2 = 7 rows, 3 + 2 + 1 = 6 columns (5 without).
    expect(a.shape).toEqual([1, 6, 6, 1]);
    expect(b.shape).toEqual([1, 7, 6, 1]);
    expect(padded.computeOutputShape([null, 2, 2, 1])).toEqual([null, 7, 6, 1]);
    const top = tf.slice(b, [0, 0, 0, 0], [1, 5, 5, 1]);
    const plainTop = tf.slice(a, [0, 0, 0, 0], [1, 5, 5, 1]);
    expectClose(top, plainTop);
    const extraRows = await tf.slice(b, [0, 5, 0, 0], [1, 2, 6, 1]).data();
    expect(Array.from(extraRows)).toEqual(new Array(12).fill(1));
    expect(padded.getConfig().outputPadding).toEqual([2, 1]);
    tf.dispose([x, a, b, top, plainTop]);
  });

  test('weights kernel [kh, kw, filters, in] then bias; config has no dilationRate (as tfjs-layers) and round-trips', () => {
    const layer = new Conv2DTranspose({ filters: 4, kernelSize: 3 });
    layer.build([null, 5, 5, 2]);
    expect(layer.weights.map((w) => w.shape)).toEqual([[3, 3, 4, 2], [4]]);
    const config = layer.getConfig();
    expect(config).not.toHaveProperty('dilationRate');
    expect(deserializeLayer(serializeLayer(layer)).getConfig()).toEqual(config);
  });

  test('bad arguments and inputs say how to fix them', () => {
    expect(
      () => new Conv2DTranspose({ filters: 1, kernelSize: 3, dilationRate: 2 } as Conv2DTransposeArgs),
    ).toThrow(/dilationRate \[2,2\] is not supported.*UpSampling2D/);
    expect(() => new Conv2DTranspose({ filters: 1, kernelSize: 3, strides: 2, outputPadding: 2 })).toThrow(
      /outputPadding \[2,2\] must be smaller than strides \[2,2\]/,
    );
    const x = tf.zeros([2, 7, 7]);
    expect(() => new Conv2DTranspose({ filters: 1, kernelSize: 3 }).apply(x)).toThrow(
      /\(Conv2DTranspose\) expected an input of rank 4.*Reshape\(\[7, 7, 1\]\)/,
    );
    x.dispose();
    // A Conv2D's output fed back through a transpose of matching arguments gets the original size back.
    const down = new Conv2D({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' });
    const up = new Conv2DTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same' });
    expect(up.computeOutputShape(down.computeOutputShape([null, 8, 8, 1]))).toEqual([null, 8, 8, 1]);
  });

  test('apply in a loop keeps the number of tensors constant', () => {
    const layer = new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' });
    const x = tf.ones([1, 3, 3, 2]);
    expectNoLeak(() => layer.apply(x));
    x.dispose();
  });
});
