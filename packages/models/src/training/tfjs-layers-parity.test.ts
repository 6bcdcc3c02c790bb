// Training matches tfjs-layers: the same network, the same initial weights, the same data and optimizer settings
// give the same loss at every step (trainOnBatch) and the same epoch losses (fit without shuffling).
import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Dense } from '@strata/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { Adam } from '../optimizers/adam.js';
import { SGD } from '../optimizers/sgd.js';
import { Stack, toyData } from './test-models.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

function twins(x: tf.Tensor) {
  // Seeded, so that the comparison (and the Keras-vs-tfjs Adam difference below) is the same on every run.
  const seeded = (seed: number) => ({ className: 'GlorotUniform', config: { seed } });
  const ours = new Stack([
    new Dense({ units: 8, activation: 'relu', kernelInitializer: seeded(3) }),
    new Dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(4) }),
  ]);
  const theirs = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  tf.dispose(ours.predict(x));
  const weights = ours.getWeights(); // kernel, bias, kernel, bias: the same order as tfjs-layers
  theirs.setWeights(weights);
  tf.dispose(weights);
  return { ours, theirs };
}

// [ours, theirs, loss tolerance, weight tolerance]. Our Adam is Keras's: epsilon is added to √v with the bias
// correction folded into the learning rate, where tfjs adds it to the bias-corrected √v̂; weights whose gradients
// are tiny then move slightly differently (losses agree to ~1e-4, weights to ~1e-3 after 6 steps at lr 0.05).
// With tfjs's own Adam on both sides the training loops must agree to float precision.
const optimizers = {
  sgd: () => [new SGD({ learningRate: 0.2 }), tf.train.sgd(0.2), 1e-5, 1e-5] as const,
  'adam (ours vs tfjs)': () =>
    [
      new Adam({ learningRate: 0.05, epsilon: 1e-7 }),
      tf.train.adam(0.05, 0.9, 0.999, 1e-7),
      5e-4,
      5e-3,
    ] as const,
  'adam (tfjs on both sides)': () =>
    [tf.train.adam(0.05, 0.9, 0.999, 1e-7), tf.train.adam(0.05, 0.9, 0.999, 1e-7), 1e-5, 1e-5] as const,
};

describe.each(Object.keys(optimizers) as Array<keyof typeof optimizers>)(
  'same losses as tfjs-layers with %s',
  (name) => {
    test('per step (trainOnBatch, 6 steps on 2 alternating batches)', async () => {
      const { x, y } = toyData(32, 4, 3, 5);
      const { ours, theirs } = twins(x);
      const [ourOptimizer, theirOptimizer, atol, weightAtol] = optimizers[name]();
      ours.compile({
        optimizer: ourOptimizer,
        loss: 'sparse_categorical_crossentropy',
        metrics: ['accuracy'],
      });
      theirs.compile({
        optimizer: theirOptimizer,
        loss: 'sparseCategoricalCrossentropy',
        metrics: ['accuracy'],
      });
      const yFloat = tf.tidy(() => tf.expandDims(tf.cast(y, 'float32'), -1)); // tfjs-layers wants [n, 1]
      const halves = [
        [x.slice(0, 16), y.slice(0, 16), yFloat.slice(0, 16)],
        [x.slice(16), y.slice(16), yFloat.slice(16)],
      ] as const;
      const ourLosses: number[] = [];
      const theirLosses: number[] = [];
      for (let step = 0; step < 6; step++) {
        const [xb, yb, ybFloat] = halves[step % 2]!;
        const [ourLoss, ourAcc] = (await ours.trainOnBatch(xb, yb)) as number[];
        const [theirLoss, theirAcc] = (await theirs.trainOnBatch(xb, ybFloat)) as number[];
        ourLosses.push(ourLoss!);
        theirLosses.push(theirLoss!);
        expect(ourAcc).toBeCloseTo(theirAcc!, 6);
      }
      tf.test_util.expectArraysClose(ourLosses, theirLosses, atol);
      expect(ourLosses[4]).toBeLessThan(ourLosses[0]!); // it trained (same batch, two steps later)
      const ourWeights = ours.getWeights();
      const theirWeights = theirs.getWeights(); // tfjs-layers returns its variables themselves: not to dispose
      ourWeights.forEach((w, i) => {
        tf.test_util.expectArraysClose(w.dataSync(), theirWeights[i]!.dataSync(), weightAtol);
      });
      tf.dispose([x, y, yFloat, ...halves.flat(), ...ourWeights]);
      ours.dispose();
      theirs.dispose();
      ourOptimizer.dispose();
      theirOptimizer.dispose();
    });

    test('per epoch (fit, batchSize 8, no shuffle, 3 epochs, validationSplit)', async () => {
      const { x, y } = toyData(40, 4, 3, 6);
      const { ours, theirs } = twins(x);
      const [ourOptimizer, theirOptimizer, atol] = optimizers[name]();
      ours.compile({ optimizer: ourOptimizer, loss: 'sparse_categorical_crossentropy' });
      theirs.compile({ optimizer: theirOptimizer, loss: 'sparseCategoricalCrossentropy' });
      const yFloat = tf.tidy(() => tf.expandDims(tf.cast(y, 'float32'), -1));
      const options = { epochs: 3, batchSize: 8, shuffle: false, validationSplit: 0.2, verbose: 0 } as const;
      const ourHistory = await ours.fit(x, y, options);
      const theirHistory = await theirs.fit(x, yFloat, options);
      tf.test_util.expectArraysClose(ourHistory.history.loss!, theirHistory.history.loss as number[], atol);
      tf.test_util.expectArraysClose(
        ourHistory.history.val_loss!,
        theirHistory.history.val_loss as number[],
        atol,
      );
      tf.dispose([x, y, yFloat]);
      ours.dispose();
      theirs.dispose();
      ourOptimizer.dispose();
      theirOptimizer.dispose();
    });
  },
);
