import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { StrataError } from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import * as act from './functions.js';
import {
  activationName,
  fusableActivation,
  getActivation,
  isRecordingGradients,
  registerActivation,
  serializeActivation,
} from './get-activation.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

describe('getActivation', () => {
  test('accepts camelCase, snake_case and any capitalization', () => {
    expect(getActivation('leakyRelu')).toBe(getActivation('leaky_relu'));
    expect(getActivation('hard_sigmoid')).toBe(getActivation('HardSigmoid'));
    expect(getActivation('gelu_new')).toBe(getActivation('geluNew'));
    expect(getActivation()).toBe(getActivation('linear'));
  });

  test('returns a function unchanged', () => {
    const f = (x: tf.Tensor) => x;
    expect(getActivation(f)).toBe(f);
  });

  test('an unknown name throws an UnknownNameError listing the valid names and the fix', () => {
    let error: unknown;
    try {
      getActivation('rleu');
    } catch (e) {
      error = e;
    }
    expect(StrataError.isInstance(error)).toBe(true);
    expect((error as Error).name).toBe('UnknownNameError');
    expect((error as Error).message).toMatch(/Unknown activation 'rleu'/);
    expect((error as Error).message).toMatch(/'relu', 'relu6'/);
    expect((error as Error).message).toMatch(/registerActivation/);
  });

  test('a non-string, non-function identifier says what it got', () => {
    expect(() => getActivation(42 as any)).toThrow(/got number/);
  });
});

describe('names for getConfig', () => {
  test('canonical names and the tfjs-layers spelling for saving', () => {
    expect(activationName('leaky_relu')).toBe('leakyRelu');
    expect(serializeActivation('hard_sigmoid')).toBe('hardSigmoid');
    expect(serializeActivation('silu')).toBe('swish');
    expect(serializeActivation('geluNew')).toBe('gelu_new');
    expect(serializeActivation(getActivation('relu'))).toBe('relu');
  });

  test('registered functions resolve by name and serialize under it', () => {
    const squareplus = (x: tf.Tensor) => tf.tidy(() => x.add(x.square().add(4).sqrt()).div(2));
    registerActivation('squareplus', squareplus);
    expect(getActivation('squareplus')).toBe(squareplus);
    expect(serializeActivation(squareplus)).toBe('squareplus');
    expect(() => getActivation('nope')).toThrow(/'squareplus'/);
    expect(() => registerActivation('relu', squareplus)).toThrow(/built-in/);
  });
});

describe('fusableActivation', () => {
  test('names tfjs fused kernels support, undefined for the rest', () => {
    expect(fusableActivation('relu')).toBe('relu');
    expect(fusableActivation('leaky_relu')).toBe('leakyrelu');
    expect(fusableActivation('sigmoid')).toBe('sigmoid');
    expect(fusableActivation('relu6')).toBe('relu6');
    expect(fusableActivation('elu')).toBe('elu');
    expect(fusableActivation()).toBe('linear');
    expect(fusableActivation('tanh')).toBeUndefined();
    expect(fusableActivation('softmax')).toBeUndefined();
    expect(fusableActivation(act.elu)).toBe('elu');
    expect(fusableActivation((x: tf.Tensor) => tf.relu(x))).toBeUndefined(); // a function of its own
    expect(fusableActivation(getActivation('relu'))).toBe('relu');
  });

  test('differentiable: only those whose fused gradient tfjs implements', () => {
    expect(fusableActivation('relu', { differentiable: true })).toBe('relu');
    expect(fusableActivation('linear', { differentiable: true })).toBe('linear');
    expect(fusableActivation('sigmoid', { differentiable: true })).toBeUndefined();
    expect(fusableActivation('elu', { differentiable: true })).toBeUndefined();
  });

  test('the fused kernel computes the same as the activation for every fusable name', () => {
    for (const name of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyRelu']) {
      tf.tidy(() => {
        const a = tf.tensor2d([
          [-2, -0.5],
          [0.5, 7],
        ]);
        const b = tf.tensor2d([
          [1, -1],
          [2, 0.5],
        ]);
        const fused = tf.fused.matMul({ a, b, activation: fusableActivation(name)! });
        tf.test_util.expectArraysClose(
          fused.arraySync(),
          getActivation(name)(tf.matMul(a, b)).arraySync(),
          1e-6,
        );
      });
    }
  });

  test('isRecordingGradients is true only inside a gradient computation', () => {
    expect(isRecordingGradients()).toBe(false);
    let inside = false;
    tf.tidy(() =>
      tf.grad((x: tf.Tensor) => {
        inside = isRecordingGradients();
        return x.sum();
      })(tf.ones([2])),
    );
    expect(inside).toBe(true);
  });
});
