import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { useBackend } from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { CallbackList, EarlyStopping, History, type Logs } from '../callbacks/index.js';
import { BinaryCrossentropy, CategoricalCrossentropy } from '../losses/index.js';
import { AUC, BinaryAccuracy, Mean } from '../metrics/index.js';
import { Adam, SGD } from './index.js';

beforeAll(async () => {
  await useBackend('cpu');
});

// Linearly separable points: label 1 when x0 + x1 > 0.
const X = [
  [1, 2],
  [2, -0.5],
  [-1, -1],
  [-2, 0.5],
  [0.5, 1],
  [-0.5, -2],
  [3, 1],
  [-3, -1],
];
const Y = X.map(([a, b]) => [a + b > 0 ? 1 : 0]);
const KERNEL0 = [[0.1], [-0.2]];

describe('losses + optimizers + metrics + callbacks together', () => {
  test('reproduce tfjs-layers fit() for a sigmoid Dense layer with SGD (same weights after 5 epochs)', async () => {
    const x = tf.tensor2d(X);
    const y = tf.tensor2d(Y);
    const reference = tfl.sequential({
      layers: [tfl.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })],
    });
    reference.layers[0].setWeights([tf.tensor2d(KERNEL0), tf.tensor1d([0])]);
    reference.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
    await reference.fit(x, y, { epochs: 5, batchSize: 4, shuffle: false, verbose: 0 });

    const kernel = tf.variable(tf.tensor2d(KERNEL0));
    const bias = tf.variable(tf.zeros([1]));
    const loss = new BinaryCrossentropy();
    const optimizer = new SGD({ learningRate: 0.5 });
    for (let epoch = 0; epoch < 5; epoch++) {
      for (const start of [0, 4]) {
        const xb = x.slice(start, 4);
        const yb = y.slice(start, 4);
        optimizer.minimize(
          () => loss.apply(yb, tf.sigmoid(tf.add(tf.matMul(xb, kernel), bias))) as tf.Scalar,
        );
        tf.dispose([xb, yb]);
      }
    }
    const [refKernel, refBias] = reference.getWeights();
    for (const [i, v] of Array.from(kernel.dataSync()).entries())
      expect(v).toBeCloseTo(refKernel.dataSync()[i], 5);
    expect(bias.dataSync()[0]).toBeCloseTo(refBias.dataSync()[0], 5);
    tf.dispose([kernel, bias, x, y]);
    optimizer.dispose();
  });

  test('our optimizers drive tfjs-layers fit() like tfjs optimizers do', async () => {
    const x = tf.tensor2d(X);
    const y = tf.tensor2d(Y);
    const train = async (optimizer: tf.Optimizer) => {
      const model = tfl.sequential({
        layers: [tfl.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })],
      });
      model.layers[0].setWeights([tf.tensor2d(KERNEL0), tf.tensor1d([0])]);
      model.compile({ optimizer, loss: 'binaryCrossentropy' });
      await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      return model.getWeights().flatMap((w) => Array.from(w.dataSync()));
    };
    const pairs: Array<[tf.Optimizer, tf.Optimizer]> = [
      [new SGD({ learningRate: 0.5, momentum: 0.9 }), tf.train.momentum(0.5, 0.9)],
      [new Adam({ learningRate: 0.05 }), tf.train.adam(0.05, 0.9, 0.999, 1e-7)],
    ];
    for (const [ours, theirs] of pairs) {
      const a = await train(ours);
      const b = await train(theirs);
      for (const [i, v] of a.entries()) expect(v).toBeCloseTo(b[i], 4);
    }
    tf.dispose([x, y]);
  });

  test('a hand-written fit loop: loss falls, metrics reach 1, callbacks see the logs, memory stays flat', async () => {
    const x = tf.tensor2d(X);
    const y = tf.tensor2d(Y);
    const kernel = tf.variable(tf.tensor2d(KERNEL0));
    const bias = tf.variable(tf.zeros([1]));
    const loss = new BinaryCrossentropy({ fromLogits: true });
    const optimizer = new Adam({ learningRate: 0.1 });
    const tracker = new Mean({ name: 'loss' });
    const metrics = [new BinaryAccuracy({ name: 'accuracy', threshold: 0 }), new AUC({ fromLogits: true })];
    const model = {
      stopTraining: false,
      name: 'logreg',
      optimizer,
      getWeights: () => [kernel, bias] as tf.Tensor[],
      setWeights: (ws: tf.Tensor[]) => {
        kernel.assign(ws[0] as tf.Tensor2D);
        bias.assign(ws[1]);
      },
      saveWeights: async () => {},
    };
    const history = new History();
    const callbacks = new CallbackList([history, new EarlyStopping({ monitor: 'loss', patience: 2 })], {
      model,
      params: { epochs: 40, steps: 1, verbose: 0 },
    });
    await callbacks.onTrainBegin();
    let tensorsAfterFirstEpoch = 0;
    for (let epoch = 0; epoch < 40 && !model.stopTraining; epoch++) {
      await callbacks.onEpochBegin(epoch);
      const value = optimizer.minimize(
        () => loss.apply(y, tf.add(tf.matMul(x, kernel), bias)) as tf.Scalar,
        true,
      )!;
      const logits = tf.tidy(() => tf.add(tf.matMul(x, kernel), bias));
      tracker.updateState(value);
      for (const m of metrics) m.updateState(y, logits);
      tf.dispose([value, logits]);
      const logs: Logs = {};
      for (const m of [tracker, ...metrics]) {
        const r = m.result();
        logs[m.name] = (await r.data())[0];
        r.dispose();
        m.resetState();
      }
      await callbacks.onEpochEnd(epoch, logs);
      if (epoch === 0) tensorsAfterFirstEpoch = tf.memory().numTensors;
      else expect(tf.memory().numTensors).toBe(tensorsAfterFirstEpoch);
    }
    await callbacks.onTrainEnd();
    const lossCurve = history.history.loss;
    expect(lossCurve[lossCurve.length - 1]).toBeLessThan(lossCurve[0] / 4);
    expect(history.history.accuracy.at(-1)).toBe(1);
    expect(history.history.auc.at(-1)).toBeCloseTo(1, 5);
    tf.dispose([kernel, bias, x, y]);
    optimizer.dispose();
    for (const m of [tracker, ...metrics]) m.dispose();
  });

  test('softmax regression with CategoricalCrossentropy from logits matches tf.losses + tf.train.adam closely', () => {
    const x = tf.tensor2d(X);
    const y = tf.oneHot(
      tf.tensor1d(
        Y.map(([l]) => l),
        'int32',
      ),
      2,
    );
    const run = (step: (w: tf.Variable) => void) => {
      const w = tf.variable(tf.zeros([2, 2]));
      for (let i = 0; i < 10; i++) step(w);
      const out = Array.from(w.dataSync());
      w.dispose();
      return out;
    };
    const ours = new Adam({ learningRate: 0.05 });
    const theirs = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
    const cce = new CategoricalCrossentropy({ fromLogits: true });
    const a = run((w) => ours.minimize(() => cce.apply(y, tf.matMul(x, w)) as tf.Scalar));
    const b = run((w) =>
      theirs.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.matMul(x, w)) as tf.Scalar),
    );
    for (const [i, v] of a.entries()) expect(v).toBeCloseTo(b[i], 4);
    ours.dispose();
    theirs.dispose();
    tf.dispose([x, y]);
  });
});
