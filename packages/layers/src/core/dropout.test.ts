import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible } from '../testing/tfjs-layers-parity.js';
import { Dropout } from './dropout.js';
import { SpatialDropout1D } from './spatial-dropout-1d.js';
import { SpatialDropout2D } from './spatial-dropout-2d.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

describe('Dropout', () => {
  test('contract at inference: identity', () => {
    const input = tf.tensor2d([[1, 2, 3, 4]]);
    runLayerTest(
      Dropout,
      { rate: 0.5 },
      { inputShape: [1, 4], expectedOutputShape: [1, 4], input, expectedOutput: [[1, 2, 3, 4]] },
    );
    input.dispose();
  });

  test('contract in training (random output)', () =>
    runLayerTest(
      Dropout,
      { rate: 0.5, seed: 1 },
      { inputShape: [4, 8], expectedOutputShape: [4, 8], training: true, randomOutput: true },
    ));

  test('training: each unit is 0 or x / (1 - rate), about rate of them 0', async () => {
    const x = tf.ones([200, 50]);
    const y = new Dropout({ rate: 0.3 }).apply(x, { training: true });
    const values = await y.data();
    const zeros = values.filter((v) => v === 0).length;
    expect(values.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    expect(zeros / values.length).toBeGreaterThan(0.27);
    expect(zeros / values.length).toBeLessThan(0.33);
    tf.dispose([x, y]);
  });

  test('same seed: the same first mask as tfjs-layers Dropout; later calls get new masks', () => {
    const x = tf.randomNormal([3, 6], 0, 1, 'float32', 2);
    const ours = new Dropout({ rate: 0.4, seed: 11 });
    const theirs = tfl.layers.dropout({ rate: 0.4, seed: 11 });
    const a = ours.apply(x, { training: true });
    const b = theirs.apply(x, { training: true }) as tf.Tensor;
    tf.test_util.expectArraysClose(a.arraySync() as number[][], b.arraySync() as number[][], 1e-6);
    const c = ours.apply(x, { training: true });
    expect(c.arraySync()).not.toEqual(a.arraySync());
    expectConfigCompatible(new Dropout({ rate: 0.4, seed: 11 }), theirs);
    tf.dispose([x, a, b, c]);
  });

  test('noiseShape [null, 1] drops whole rows... of features: the same mask for every column', async () => {
    const y = new Dropout({ rate: 0.5, noiseShape: [null, 1], seed: 3 }).apply(tf.ones([20, 4]), {
      training: true,
    });
    const rows = (await y.array()) as number[][];
    expect(rows.every((r) => r.every((v) => v === r[0]))).toBe(true);
    y.dispose();
  });

  test('gradient in training is the mask scaled by 1 / (1 - rate)', () => {
    const layer = new Dropout({ rate: 0.5, seed: 5 });
    const x = tf.ones([2, 8]);
    const g = tf.grad((t: tf.Tensor) => layer.apply(t, { training: true }).sum())(x);
    const values = Array.from(g.dataSync());
    expect(values.every((v) => v === 0 || v === 2)).toBe(true);
    tf.dispose([x, g]);
  });

  test('inherits training from the outer call context and leaks nothing', () => {
    const layer = new Dropout({ rate: 0.5 });
    const x = tf.ones([4, 4]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(layer.apply(x, { training: true }));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  test('rate outside [0, 1) and a wrong-rank noiseShape are clear errors', () => {
    expect(() => new Dropout({ rate: 1 })).toThrow(/rate must be a number in \[0, 1\), got 1/);
    expect(() => new Dropout({ rate: -0.1 })).toThrow(/rate/);
    const x = tf.ones([2, 3]);
    expect(() => new Dropout({ rate: 0.5, noiseShape: [1] }).apply(x, { training: true })).toThrow(
      /noiseShape \[1\] has rank 1.*one entry per input axis/,
    );
    x.dispose();
  });
});

describe('SpatialDropout', () => {
  test('2D contract (channelsLast) and whole channels dropped', async () => {
    runLayerTest(
      SpatialDropout2D,
      { rate: 0.5, seed: 2 },
      { inputShape: [2, 3, 3, 4], expectedOutputShape: [2, 3, 3, 4], training: true, randomOutput: true },
    );
    const y = new SpatialDropout2D({ rate: 0.5, seed: 4 }).apply(tf.ones([3, 5, 5, 6]), { training: true });
    const v = (await y.array()) as number[][][][];
    for (let b = 0; b < 3; b++) {
      for (let c = 0; c < 6; c++) {
        const first = v[b]![0]![0]![c]!;
        expect(first === 0 || first === 2).toBe(true);
        expect(v[b]!.every((row) => row.every((px) => px[c] === first))).toBe(true);
      }
    }
    y.dispose();
  });

  test('2D channelsFirst drops along axis 1', async () => {
    const y = new SpatialDropout2D({ rate: 0.5, seed: 4, dataFormat: 'channelsFirst' }).apply(
      tf.ones([2, 4, 3, 3]),
      { training: true },
    );
    const v = (await y.array()) as number[][][][];
    expect(
      v.every((sample) => sample.every((channel) => channel.flat().every((p) => p === channel[0]![0]))),
    ).toBe(true);
    y.dispose();
  });

  test('2D needs rank 4', () => {
    const x = tf.ones([2, 3]);
    expect(() => new SpatialDropout2D({ rate: 0.5 }).apply(x)).toThrow(/SpatialDropout2D.*rank 4/);
    x.dispose();
  });

  test('1D matches tfjs-layers SpatialDropout1D with the same seed', () => {
    const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 8);
    const a = new SpatialDropout1D({ rate: 0.5, seed: 9 }).apply(x, { training: true });
    const b = tfl.layers.spatialDropout1d({ rate: 0.5, seed: 9 }).apply(x, { training: true }) as tf.Tensor;
    tf.test_util.expectArraysClose(a.arraySync() as number[], b.arraySync() as number[], 1e-6);
    runLayerTest(SpatialDropout1D, { rate: 0.3 }, { inputShape: [2, 5, 3], expectedOutputShape: [2, 5, 3] });
    tf.dispose([x, a, b]);
  });
});
