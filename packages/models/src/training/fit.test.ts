import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { BatchNormalization, Dense, Dropout, L1L2 } from '@strata/layers';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import { SGD } from '../optimizers/sgd.js';
import { linear, Stack, TrainingRecorder, toyData } from './test-models.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});
afterEach(() => {
  vi.restoreAllMocks();
});

const kernelOf = (model: Stack) => (model.stack[0] as Dense).getWeights()[0]!.dataSync()[0]!;

describe('fit on y = 2x, by hand', () => {
  // Model ŷ = w·x, w₀ = 0, mse, SGD lr 0.1. Samples (1, 2) and (2, 4).
  test('one batch of both: loss 10, gradient -10, so w₁ = 1 (trainOnBatch returns the loss before the step)', async () => {
    const model = linear(0);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tf.tensor2d([[1], [2]]);
    const y = tf.tensor2d([[2], [4]]);
    expect(await model.trainOnBatch(x, y)).toBeCloseTo(10, 5);
    expect(kernelOf(model)).toBeCloseTo(1, 6);
    expect(await model.testOnBatch(x, y)).toBeCloseTo(2.5, 5); // ((1-2)² + (2-4)²) / 2
    expect(kernelOf(model)).toBeCloseTo(1, 6);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('batchSize 1, no shuffle: the epoch loss is the mean of the batch losses (4 and 10.24)', async () => {
    // Step 1: loss (0-2)² = 4, grad 2·(0-2)·1 = -4, w = 0.4. Step 2: ŷ = 0.8, loss (0.8-4)² = 10.24.
    const model = linear(0);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tf.tensor2d([[1], [2]]);
    const y = tf.tensor2d([[2], [4]]);
    const history = await model.fit(x, y, { batchSize: 1, shuffle: false, verbose: 0 });
    expect(history.history.loss![0]).toBeCloseTo((4 + 10.24) / 2, 4);
    expect(history.epoch).toEqual([0]);
    expect(model.history).toBe(history);
    // Step 2's grad: 2·(0.8-4)·2 = -12.8, so w = 0.4 + 1.28.
    expect(kernelOf(model)).toBeCloseTo(1.68, 5);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('sampleWeight scales each sample in the loss (weights 1 and 0: only the first sample counts)', async () => {
    const model = linear(0);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tf.tensor2d([[1], [2]]);
    const y = tf.tensor2d([[2], [4]]);
    const w = tf.tensor1d([1, 0]);
    // sum_over_batch_size: (1·4 + 0·16) / 2 = 2; grad (2·(-2)·1·1) / 2 = -2, w = 0.2.
    expect(await model.trainOnBatch(x, y, { sampleWeight: w })).toBeCloseTo(2, 5);
    expect(kernelOf(model)).toBeCloseTo(0.2, 6);
    tf.dispose([x, y, w]);
    model.dispose();
  });
});

describe('fit', () => {
  test('History has loss, metrics and val_ entries per epoch (history.history and history.epoch, as Keras)', async () => {
    const { x, y } = toyData(40, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.25, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    expect(history.epoch).toEqual([0, 1, 2]);
    for (const values of Object.values(history.history)) expect(values).toHaveLength(3);
    // Each log is also a property of the History itself, as the issue's `history.loss` asks.
    expect(history.loss).toBe(history.history.loss);
    expect(history.val_accuracy).toBe(history.history.val_accuracy);
    expect(history.nothing).toBeUndefined();
    expect(Object.keys(history)).not.toContain('loss'); // not enumerable: copies and tf.dispose skip it
    // The validation loss is evaluate() on the last 10 samples (validationSplit takes them before shuffling).
    const xVal = x.slice(30);
    const yVal = y.slice(30);
    const [valLoss] = (await model.evaluate(xVal, yVal, { verbose: 0 })) as number[];
    expect(history.history.val_loss![2]).toBeCloseTo(valLoss!, 5);
    tf.dispose([x, y, xVal, yVal]);
    model.dispose();
  });

  test('validationData as [x, y] gives the same val_loss as evaluate', async () => {
    const { x, y } = toyData(24, 4, 3);
    const val = toyData(10, 4, 3, 9);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    const history = await model.fit(x, y, { epochs: 2, validationData: [val.x, val.y], verbose: 0 });
    expect(history.history.val_loss![1]).toBeCloseTo(
      (await model.evaluate(val.x, val.y, { verbose: 0 })) as number,
      5,
    );
    tf.dispose([x, y, val.x, val.y]);
    model.dispose();
  });

  test('initialEpoch resumes the epoch count; validationFreq skips validation', async () => {
    const { x, y } = toyData(16, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    const history = await model.fit(x, y, {
      epochs: 5,
      initialEpoch: 2,
      validationSplit: 0.25,
      validationFreq: 2,
      verbose: 0,
    });
    expect(history.epoch).toEqual([2, 3, 4]);
    expect(history.history.loss).toHaveLength(3);
    expect(history.history.val_loss).toHaveLength(1); // after the 2nd epoch run (epoch 3)
    tf.dispose([x, y]);
    model.dispose();
  });

  test('shuffle: false feeds the batches in order; shuffle: true in a new order each epoch', async () => {
    const recorder = new TrainingRecorder();
    const seen: number[][] = [];
    const model = new Stack([recorder, new Dense({ units: 1 })]);
    const call = recorder.call.bind(recorder);
    recorder.call = (input, kwargs) => {
      if (kwargs.training) seen.push(Array.from((input as tf.Tensor).dataSync()));
      return call(input, kwargs);
    };
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.tensor2d([[0], [1], [2], [3], [4], [5], [6], [7]]);
    const y = tf.zeros([8, 1]);
    await model.fit(x, y, { batchSize: 4, shuffle: false, verbose: 0 });
    expect(seen).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    seen.length = 0;
    await model.fit(x, y, { batchSize: 8, epochs: 6, verbose: 0 });
    expect(seen.every((batch) => [...batch].sort().join() === '0,1,2,3,4,5,6,7')).toBe(true);
    expect(new Set(seen.map((b) => b.join())).size).toBeGreaterThan(1);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('model.stopTraining set by a callback ends fit after that batch', async () => {
    const { x, y } = toyData(32, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    let batches = 0;
    const stopper = new LambdaCallback({
      onBatchEnd: (batch) => {
        batches++;
        if (batch === 1) model.stopTraining = true;
      },
    });
    const history = await model.fit(x, y, { epochs: 10, batchSize: 4, callbacks: [stopper], verbose: 0 });
    expect(batches).toBe(2);
    expect(history.epoch).toEqual([0]);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('classWeight multiplies each sample loss by its class weight', async () => {
    const model = linear(0);
    model.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const x = tf.tensor2d([[1], [1]]);
    const y = tf.tensor2d([[0], [1]]); // classes 0 and 1; losses 0 and 1 (ŷ = 0)
    const history = await model.fit(x, y, { classWeight: { 0: 1, 1: 3 }, verbose: 0 });
    expect(history.history.loss![0]).toBeCloseTo((0 + 3 * 1) / 2, 5);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('what layers see and add', () => {
  test('training is true in fit and false in evaluate, predict and validation; Dropout is off in predict', async () => {
    const recorder = new TrainingRecorder();
    const model = new Stack([recorder, new Dropout({ rate: 0.5 }), new Dense({ units: 2 })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.ones([4, 3]);
    const y = tf.zeros([4, 2]);
    // The first fit checks the data with a forward pass in inference mode (on 2 samples) before training.
    await model.fit(x, y, { batchSize: 4, verbose: 0 });
    expect(recorder.seen).toEqual([false, true]);
    recorder.seen.length = 0;
    await model.fit(x, y, { batchSize: 4, verbose: 0 });
    expect(recorder.seen).toEqual([true]);
    recorder.seen.length = 0;
    await model.fit(x, y, { batchSize: 2, validationData: [x, y], verbose: 0 });
    expect(recorder.seen).toEqual([true, true, false, false]);
    recorder.seen.length = 0;
    await model.evaluate(x, y, { verbose: 0 });
    const [a, b] = [model.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor];
    expect(recorder.seen).toEqual([false, false, false]);
    tf.test_util.expectArraysClose(await a.data(), await b.data()); // no dropout mask in predict
    tf.dispose([x, y, a, b]);
    model.dispose();
  });

  test('Dropout is active in fit: the gradient sees the mask', async () => {
    // ŷ = w · dropout(x): with rate 0.5 some inputs are zeroed and the rest doubled, so one SGD step from w = 0
    // differs from the no-dropout step (grad of mse with x = 1, y = 1 is -2 without dropout).
    const model = new Stack([
      new Dropout({ rate: 0.5, seed: 3 }),
      new Dense({ units: 1, useBias: false, kernelInitializer: 'zeros' }),
    ]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tf.ones([64, 1]);
    const y = tf.ones([64, 1]);
    await model.trainOnBatch(x, y);
    const w = (model.stack[1] as Dense).getWeights()[0]!.dataSync()[0]!;
    expect(w).not.toBeCloseTo(0.2, 3);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('BatchNormalization updates its moving statistics in fit only (batch statistics while training)', async () => {
    const norm = new BatchNormalization({ momentum: 0.5 });
    const model = new Stack([norm]);
    model.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const x = tf.tensor2d([[1], [3], [5], [7]]); // mean 4, variance 5
    const moving = () => norm.nonTrainableWeights.map((w) => w.dataSync()[0]!);
    await model.evaluate(x, x, { verbose: 0 }); // builds (moving mean 0, variance 1), and changes nothing
    expect(moving()).toEqual([0, 1]);
    // In training the layer normalizes with the batch statistics: its output is (x - 4) / √5, so the mse against
    // x is mean((x - (x - 4)/√5)²); the moving statistics move halfway (momentum 0.5) to the batch's.
    const expected = tf.tidy(
      () => tf.mean(tf.square(tf.sub(x, tf.div(tf.sub(x, 4), Math.sqrt(5 + 1e-3))))).dataSync()[0]!,
    );
    expect(await model.trainOnBatch(x, x)).toBeCloseTo(expected, 4);
    const [mean, variance] = moving();
    expect(mean).toBeCloseTo(2, 5);
    expect(variance).toBeCloseTo(0.5 + 0.5 * 5, 4); // the biased batch variance, as Keras 3
    // predict and evaluate use the moving statistics and leave them alone.
    const out = model.predict(x) as tf.Tensor;
    tf.test_util.expectArraysClose(
      out.dataSync(),
      [1, 3, 5, 7].map((v) => (v - mean!) / Math.sqrt(variance! + 1e-3)),
      1e-4,
    );
    await model.evaluate(x, x, { verbose: 0 });
    expect(moving()).toEqual([mean, variance]);
    tf.dispose([x, out]);
    model.dispose();
  });

  test("regularization losses are part of the loss and of its gradient (Dense's kernelRegularizer)", async () => {
    // ŷ = w·x, w₀ = 1, loss = mse + 0.5·w². x = 1, y = 0: mse = 1, penalty = 0.5, loss 1.5; grad 2 + 1 = 3.
    const model = linear(1, { kernelRegularizer: new L1L2({ l2: 0.5 }) });
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const x = tf.ones([1, 1]);
    const y = tf.zeros([1, 1]);
    expect(await model.trainOnBatch(x, y)).toBeCloseTo(1.5, 5);
    expect(kernelOf(model)).toBeCloseTo(1 - 0.1 * 3, 5);
    expect(model.losses).toEqual([]); // cleared after the step
    tf.dispose([x, y]);
    model.dispose();
  });

  test('weights with a constraint are projected after each step (nonNeg)', async () => {
    const model = linear(0.05, { kernelConstraint: 'nonNeg' });
    model.compile({ optimizer: new SGD({ learningRate: 1 }), loss: 'mse' });
    const x = tf.ones([2, 1]);
    const y = tf.fill([2, 1], -5); // pushes w far below 0
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    expect(kernelOf(model)).toBe(0);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('frozen layers (trainable = false) are not updated; the others are', async () => {
    const frozen = new Dense({ units: 3 });
    const head = new Dense({ units: 1 });
    const model = new Stack([frozen, head]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.randomNormal([8, 2], 0, 1, 'float32', 4);
    const y = tf.ones([8, 1]);
    tf.dispose(model.predict(x));
    frozen.trainable = false;
    const [k0, h0] = [frozen.getWeights(), head.getWeights()];
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    const [k1, h1] = [frozen.getWeights(), head.getWeights()];
    k1.forEach((w, i) => {
      tf.test_util.expectArraysEqual(w.dataSync(), k0[i]!.dataSync());
    });
    expect(tf.max(tf.abs(tf.sub(h1[0]!, h0[0]!))).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, y, ...k0, ...k1, ...h0, ...h1]);
    model.dispose();
  });
});

describe('cost per step', () => {
  test('without batch-level callbacks, logs are read from the device once per epoch (no sync per batch)', async () => {
    const { x, y } = toyData(64, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { batchSize: 8, verbose: 0 }); // warm up (first-batch checks, optimizer slots)
    const data = vi.spyOn(tf.Tensor.prototype, 'data');
    const dataSync = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 }); // 8 batches per epoch
    expect(data).toHaveBeenCalledTimes(3);
    // On the cpu backend, shuffled batches are copied from x's and y's arrays, looked up once per fit (no transfer:
    // the backend hands out its own array). Nothing is read per batch.
    expect(dataSync.mock.contexts).toEqual([x, y]);
    data.mockClear();
    // A callback that uses batch logs gets them every batch: one read each.
    const losses: number[] = [];
    await model.fit(x, y, {
      batchSize: 8,
      verbose: 0,
      callbacks: [new LambdaCallback({ onBatchEnd: (_, logs) => void losses.push(logs!.loss!) })],
    });
    expect(losses).toHaveLength(8);
    expect(data).toHaveBeenCalledTimes(8);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('fit yields to the event loop between batches (timers and I/O run during training)', async () => {
    const { x, y } = toyData(64, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    let ticks = 0;
    let done = false;
    const tick = () => {
      ticks++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    await model.fit(x, y, { batchSize: 4, verbose: 0 }); // 16 batches
    done = true;
    expect(ticks).toBeGreaterThanOrEqual(8);
    ticks = 0;
    done = false;
    setImmediate(tick);
    await model.fit(x, y, { batchSize: 4, verbose: 0, yieldEvery: 'never' });
    done = true;
    expect(ticks).toBeLessThanOrEqual(1);
    tf.dispose([x, y]);
    model.dispose();
  });
});
