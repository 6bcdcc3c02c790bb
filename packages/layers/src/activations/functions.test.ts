import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import * as act from './functions.js';
import { getActivation } from './get-activation.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const xs = [-3, -1.5, -0.5, -0.1, 0.1, 0.5, 1.5, 3, 7];

// Value and gradient of sum(f(x)) at xs.
function valueAndGrad(f: (x: tf.Tensor) => tf.Tensor) {
  return tf.tidy(() => {
    const x = tf.tensor2d([xs]);
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(f(t)))(x);
    return {
      y: f(x).arraySync() as number[][],
      value: value.arraySync() as number,
      grad: grad.arraySync() as number[][],
    };
  });
}

describe('activation functions match tfjs-layers (values and gradients)', () => {
  // [our name, tfjs-layers name]
  const pairs: [string, string][] = [
    ['linear', 'linear'],
    ['relu', 'relu'],
    ['relu6', 'relu6'],
    ['elu', 'elu'],
    ['selu', 'selu'],
    ['sigmoid', 'sigmoid'],
    ['hardSigmoid', 'hardSigmoid'],
    ['tanh', 'tanh'],
    ['softmax', 'softmax'],
    ['logSoftmax', 'logSoftmax'],
    ['softplus', 'softplus'],
    ['softsign', 'softsign'],
    ['swish', 'swish'],
    ['silu', 'swish'],
    ['gelu', 'gelu'],
    ['gelu_new', 'gelu_new'],
    ['mish', 'mish'],
  ];
  test.each(pairs)('%s', (ours, theirs) => {
    const reference = tfl.layers.activation({ activation: theirs as any });
    const a = valueAndGrad(getActivation(ours));
    const b = valueAndGrad((x) => reference.apply(x) as tf.Tensor);
    tf.test_util.expectArraysClose(a.y, b.y, 1e-5);
    tf.test_util.expectArraysClose(a.grad, b.grad, 1e-5);
  });
});

describe('activations tfjs-layers lacks, by hand', () => {
  test('leakyRelu: slope 0.2 below zero by default, or the one given', () => {
    const { y, grad } = valueAndGrad(act.leakyRelu);
    tf.test_util.expectArraysClose(
      y[0]!,
      xs.map((v) => (v > 0 ? v : 0.2 * v)),
      1e-6,
    );
    tf.test_util.expectArraysClose(
      grad[0]!,
      xs.map((v) => (v > 0 ? 1 : 0.2)),
      1e-6,
    );
    const y3 = tf.tidy(() => act.leakyRelu(tf.tensor1d([-2, 2]), 0.3).arraySync());
    tf.test_util.expectArraysClose(y3, [-0.6, 2], 1e-6);
  });

  test('exponential: exp(x), gradient exp(x)', () => {
    const { y, grad } = valueAndGrad(act.exponential);
    tf.test_util.expectArraysClose(y[0]!, xs.map(Math.exp), 1e-4);
    tf.test_util.expectArraysClose(grad[0]!, xs.map(Math.exp), 1e-4);
  });

  test('gelu exact and approximate at known points (Python math.erf / tanh formula)', () => {
    const x = tf.tensor1d([-2, -1, 0, 0.5, 1, 3]);
    const exact = tf.tidy(() => act.gelu(x).arraySync());
    const approx = tf.tidy(() => act.gelu(x, { approximate: true }).arraySync());
    tf.test_util.expectArraysClose(exact, [-0.0455003, -0.1586553, 0, 0.3457312, 0.8413447, 2.9959503], 1e-5);
    tf.test_util.expectArraysClose(approx, [-0.0454023, -0.158808, 0, 0.345714, 0.841192, 2.9963626], 1e-5);
    x.dispose();
  });

  test('elu with alpha 0.5: 0.5·(exp(x) - 1) below zero', () => {
    const y = tf.tidy(() => act.elu(tf.tensor1d([-1, 2]), 0.5).arraySync());
    tf.test_util.expectArraysClose(y, [0.5 * (Math.exp(-1) - 1), 2], 1e-6);
  });

  test('softmax along another axis sums to 1 along it', () => {
    const sums = tf.tidy(() =>
      act
        .softmax(
          tf.tensor2d([
            [1, 2],
            [3, 5],
          ]),
          0,
        )
        .sum(0)
        .arraySync(),
    );
    tf.test_util.expectArraysClose(sums, [1, 1], 1e-6);
  });
});

test('no activation leaks intermediates', () => {
  const x = tf.tensor2d([xs]);
  for (const name of ['gelu', 'geluNew', 'swish', 'mish', 'softsign', 'hardSigmoid', 'leakyRelu', 'elu']) {
    const before = tf.memory().numTensors;
    const y = getActivation(name)(x);
    expect(tf.memory().numTensors, name).toBe(before + 1);
    y.dispose();
  }
  x.dispose();
});

test('softmax and logSoftmax along a non-last axis match the last-axis kernel on the transpose', () => {
  tf.tidy(() => {
    const x = tf.tensor2d([
      [1, 2, 0],
      [3, 5, -1],
    ]);
    tf.test_util.expectArraysClose(
      act.softmax(x, 0).arraySync(),
      tf.softmax(x.transpose()).transpose().arraySync(),
      1e-6,
    );
    tf.test_util.expectArraysClose(
      act.logSoftmax(x, 0).arraySync(),
      tf.logSoftmax(x.transpose()).transpose().arraySync(),
      1e-6,
    );
  });
});
