import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Dense } from '@strata/layers';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { EarlyStopping } from '../callbacks/early-stopping.js';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import { ModelCheckpoint } from '../callbacks/model-checkpoint.js';
import { SGD } from '../optimizers/sgd.js';
import { linear, Stack, toyData } from './test-models.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('callbacks in fit', () => {
  test('hooks run in Keras order; batch logs hold the running values; epoch logs include val_*', async () => {
    const { x, y } = toyData(12, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const calls: string[] = [];
    const spy = new LambdaCallback({
      onTrainBegin: () => void calls.push('trainBegin'),
      onEpochBegin: (e) => void calls.push(`epochBegin ${e}`),
      onBatchBegin: (b) => void calls.push(`batchBegin ${b}`),
      onBatchEnd: (b, logs) => void calls.push(`batchEnd ${b} ${Object.keys(logs!).join(',')}`),
      onTestBegin: () => void calls.push('testBegin'),
      onTestBatchEnd: (b) => void calls.push(`testBatchEnd ${b}`),
      onTestEnd: (logs) => void calls.push(`testEnd ${Object.keys(logs!).join(',')}`),
      onEpochEnd: (e, logs) => void calls.push(`epochEnd ${e} ${Object.keys(logs!).join(',')}`),
      onTrainEnd: () => void calls.push('trainEnd'),
    });
    await model.fit(x, y, { batchSize: 4, validationSplit: 1 / 3, callbacks: [spy], verbose: 0 });
    expect(calls).toEqual([
      'trainBegin',
      'epochBegin 0',
      'batchBegin 0',
      'batchEnd 0 loss,accuracy',
      'batchBegin 1',
      'batchEnd 1 loss,accuracy',
      'testBegin',
      'testBatchEnd 0',
      'testEnd loss,accuracy',
      'epochEnd 0 loss,accuracy,val_loss,val_accuracy',
      'trainEnd',
    ]);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('EarlyStopping stops fit when the monitored value stops improving', async () => {
    // lr 0 after the first epoch: epoch 1 improves on epoch 0 (the weights moved during it), then the loss stays
    // put, so patience 2 ends training after epoch 3.
    const model = linear(0);
    const optimizer = new SGD({ learningRate: 0.1 });
    model.compile({ optimizer, loss: 'mse' });
    const x = tf.tensor2d([[1], [2]]);
    const y = tf.tensor2d([[2], [4]]);
    const freeze = new LambdaCallback({
      onEpochEnd: () => {
        optimizer.learningRate = 0;
      },
    });
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true });
    const history = await model.fit(x, y, {
      epochs: 20,
      batchSize: 2,
      callbacks: [freeze, stopper],
      verbose: 0,
    });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(model.stopTraining).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('EarlyStopping on val_loss with validationData (patience 1: stops one epoch after the best)', async () => {
    // ŷ = w·x with SGD at lr 1 on y = 2x diverges: the validation loss is worse every epoch after the first.
    const model = linear(0);
    model.compile({ optimizer: new SGD({ learningRate: 1 }), loss: 'mse' });
    const x = tf.tensor2d([[1], [2]]);
    const y = tf.tensor2d([[2], [4]]);
    const history = await model.fit(x, y, {
      epochs: 50,
      validationData: [x, y],
      callbacks: [new EarlyStopping({ patience: 1 })],
      verbose: 0,
    });
    expect(history.epoch).toEqual([0, 1]);
    expect(history.history.val_loss![1]).toBeGreaterThan(history.history.val_loss![0]!);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('ModelCheckpoint saves each epoch, or only improvements, through model.saveWeights', async () => {
    const { x, y } = toyData(16, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    await model.fit(x, y, {
      epochs: 3,
      callbacks: [
        new ModelCheckpoint({ filepath: '/tmp/ckpt-{epoch:02d}-{loss:.2f}', saveWeightsOnly: true }),
      ],
      verbose: 0,
    });
    expect(model.saved).toHaveLength(3);
    expect(model.saved[0]).toMatch(/^\/tmp\/ckpt-01-\d\.\d\d$/);
    model.saved.length = 0;
    await model.fit(x, y, {
      epochs: 3,
      validationData: [x, y],
      callbacks: [new ModelCheckpoint({ filepath: '/tmp/best', saveWeightsOnly: true, saveBestOnly: true })],
      verbose: 0,
    });
    expect(model.saved.length).toBeGreaterThanOrEqual(1); // the first epoch always improves on "nothing yet"
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('progress output', () => {
  const run = async (verbose: 0 | 1 | 2 | undefined, tty: boolean) => {
    const { x, y } = toyData(16, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const written: string[] = [];
    const wasTTY = process.stdout.isTTY;
    process.stdout.isTTY = tty;
    vi.spyOn(process.stdout, 'write').mockImplementation((text: string | Uint8Array) => {
      written.push(String(text));
      return true;
    });
    try {
      await model.fit(x, y, { epochs: 2, batchSize: 4, ...(verbose === undefined ? {} : { verbose }) });
    } finally {
      process.stdout.isTTY = wasTTY;
      vi.restoreAllMocks();
    }
    tf.dispose([x, y]);
    model.dispose();
    return written.join('');
  };

  test('not a terminal: one line per epoch by default (verbose 1), as with verbose 2', async () => {
    const out = await run(undefined, false);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(/^4\/4 - .*loss: \d\.\d{4}/);
    expect(lines[1]).toMatch(/accuracy: \d\.\d{4}/);
    expect(await run(2, true)).toMatch(/^Epoch 1\/2\n4\/4 - /);
  });

  test('a terminal: a bar redrawn in place; verbose 0 prints nothing', async () => {
    const out = await run(1, true);
    expect(out).toContain('\r');
    expect(out).toMatch(/4\/4.*━+.*loss: \d\.\d{4}/);
    expect(await run(0, true)).toBe('');
  });
});
