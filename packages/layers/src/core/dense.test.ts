import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Dense } from './dense.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

describe('Dense', () => {
  test('contract: shapes, 2 weights, by-hand output (four 1·1 products + bias 0.5), config round trip, no leaks', () => {
    const weights = [tf.ones([4, 3]), tf.fill([3], 0.5)];
    const input = tf.ones([2, 4]);
    const expectedOutput = tf.fill([2, 3], 4.5);
    runLayerTest(
      Dense,
      { units: 3 },
      {
        inputShape: [2, 4],
        expectedOutputShape: [2, 3],
        expectedTrainableWeights: 2,
        expectedNonTrainableWeights: 0,
        weights,
        input,
        expectedOutput,
      },
    );
    tf.dispose([...weights, input, expectedOutput]);
  });

  test('contract on rank-3 input without bias: [2, 5, 4] → [2, 5, 3], one weight', () =>
    runLayerTest(
      Dense,
      { units: 3, useBias: false, activation: 'tanh' },
      {
        inputShape: [2, 5, 4],
        expectedOutputShape: [2, 5, 3],
        expectedTrainableWeights: 1,
      },
    ));

  test.each(['linear', 'relu', 'sigmoid', 'elu', 'relu6', 'tanh', 'softmax', 'gelu'])(
    'matches tfjs-layers Dense with activation %s (forward and gradients, rank 2)',
    (activation) => {
      const ours = new Dense({ units: 3, activation });
      const theirs = tfl.layers.dense({ units: 3, activation: activation as any });
      const x = tf.randomNormal([4, 5], 0, 1, 'float32', 3);
      expectParity(ours, theirs, x);
      ours.dispose();
      theirs.dispose();
      x.dispose();
    },
  );

  test('matches tfjs-layers Dense on rank-3 input (forward and gradients)', () => {
    const ours = new Dense({ units: 2, activation: 'relu' });
    const theirs = tfl.layers.dense({ units: 2, activation: 'relu' });
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5);
    expectParity(ours, theirs, x);
    ours.dispose();
    theirs.dispose();
    x.dispose();
  });

  test('fused sigmoid at inference and unfused under a gradient give the same numbers', () => {
    const layer = new Dense({ units: 3, activation: 'sigmoid' });
    const x = tf.randomNormal([2, 4], 0, 1, 'float32', 9);
    const y = layer.apply(x);
    let inGradient: number[][] = [];
    const g = tf.grad((t: tf.Tensor) => {
      const out = layer.apply(t);
      inGradient = out.arraySync() as number[][];
      return out.sum();
    })(x);
    tf.test_util.expectArraysClose(y.arraySync() as number[][], inGradient, 1e-6);
    tf.dispose([x, y, g]);
    layer.dispose();
  });

  test('getConfig has the keys and values of tfjs-layers Dense', () => {
    const args = {
      units: 7,
      activation: 'relu',
      useBias: false,
      kernelRegularizer: { className: 'L1L2', config: { l1: 0, l2: 0.01 } },
      biasConstraint: 'nonNeg',
    } as const;
    const ours = new Dense(args);
    const theirs = tfl.layers.dense(args as any);
    // tfjs-layers defaults the kernel to glorotNormal; Keras (and Strata) to glorotUniform.
    expectConfigCompatible(ours, theirs, ['kernelInitializer']);
    ours.dispose();
  });

  test('a config from tfjs-layers builds an equal layer', () => {
    const theirs = tfl.layers.dense({ units: 4, activation: 'hardSigmoid', inputShape: [3] });
    const ours = Dense.fromConfig(theirs.getConfig() as Record<string, unknown>);
    expectConfigCompatible(ours, theirs);
    expect(ours.kernelInitializer.getConfig()).toMatchObject({ mode: 'fanAvg', distribution: 'normal' });
    expect(ours.batchInputShape).toEqual([null, 3]);
  });

  test('inputDim builds without data', () => {
    const layer = new Dense({ units: 2, inputDim: 6 });
    expect(layer.batchInputShape).toEqual([null, 6]);
  });

  test('an int32 input is cast to the kernel dtype', () => {
    const layer = new Dense({ units: 1, kernelInitializer: 'ones' });
    const y = layer.apply(tf.tensor2d([[1, 2]], undefined, 'int32'));
    expect(y.dtype).toBe('float32');
    tf.test_util.expectArraysClose(y.arraySync() as number[][], [[3]]);
    y.dispose();
    layer.dispose();
  });

  test('activityRegularizer adds Σ penalty / batch to losses', () => {
    const layer = new Dense({
      units: 2,
      kernelInitializer: 'ones',
      activityRegularizer: { className: 'L1L2', config: { l1: 0.1 } },
    });
    const y = layer.apply(tf.ones([2, 3]));
    // Output is all 3s: l1 = 0.1 · (4 · 3) = 1.2, divided by the batch of 2.
    expect(layer.losses).toHaveLength(1);
    tf.test_util.expectArraysClose(layer.losses[0]!.dataSync(), [0.6]);
    y.dispose();
    layer.dispose();
  });

  test('applying in a loop keeps numTensors constant', () => {
    const layer = new Dense({ units: 3, activation: 'softmax' });
    const x = tf.ones([2, 4, 5]);
    tf.dispose(layer.apply(x));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.dispose(layer.apply(x));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    layer.dispose();
  });
});

describe('Dense errors', () => {
  test('wrong last axis after build: names the layer, both shapes, and suggests Flatten', () => {
    const layer = new Dense({ units: 10, name: 'dense_1' });
    layer.build([null, 784]);
    const x = tf.zeros([32, 28, 28]);
    expect(() => layer.apply(x)).toThrow(
      "Layer 'dense_1' (Dense) expected an input whose last axis is 784, got shape [32, 28, 28]. " +
        "Add a Flatten layer before 'dense_1', or reshape the input to [32, 784].",
    );
    x.dispose();
    layer.dispose();
  });

  test('wrong feature count on rank 2 says what it was built for', () => {
    const layer = new Dense({ units: 2, name: 'd2' });
    layer.build([null, 4]);
    const x = tf.zeros([3, 5]);
    expect(() => layer.apply(x)).toThrow(
      /last axis is 4, got shape \[3, 5\]\. 'd2' was built for 4 input features/,
    );
    x.dispose();
    layer.dispose();
  });

  test('rank-1 input: asks for a batch axis, builds nothing', () => {
    const layer = new Dense({ units: 2 });
    const x = tf.zeros([5]);
    expect(() => layer.apply(x)).toThrow(
      /expected an input of rank 2 or more, got shape .*Dense needs a batch axis/,
    );
    expect(layer.built).toBe(false);
    expect(layer.weights).toHaveLength(0);
    x.dispose();
  });

  test('unknown last axis cannot build', () => {
    expect(() => new Dense({ units: 2 }).build([null, null])).toThrow(/last axis is known/);
  });

  test('bad units, unknown activation and initializer list the valid choices', () => {
    expect(() => new Dense({ units: 0 })).toThrow(/units must be a positive integer, got 0/);
    expect(() => new Dense({ units: 2.5 })).toThrow(/got 2.5/);
    expect(() => new Dense({ units: 2, activation: 'rleu' })).toThrow(/Unknown activation 'rleu'.*'relu'/);
    expect(() => new Dense({ units: 2, kernelInitializer: 'glorot' })).toThrow(
      /Unknown initializer 'glorot'.*'glorotUniform'/,
    );
  });

  test('setWeights with wrong shapes throws and changes nothing', () => {
    const layer = new Dense({ units: 2, kernelInitializer: 'ones' });
    layer.build([null, 3]);
    const bad = [tf.zeros([2, 3]), tf.zeros([2])];
    expect(() => layer.setWeights(bad)).toThrow(/kernel.*\[3, 2\].*\[2, 3\]/);
    tf.test_util.expectArraysClose(layer.kernel.dataSync(), new Float32Array(6).fill(1));
    tf.dispose(bad);
    layer.dispose();
  });
});
