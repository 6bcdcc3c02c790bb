import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { StrataError, UnknownNameError } from '@strata/core';
import { Dense } from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import { Adam } from '../optimizers/adam.js';
import { SGD } from '../optimizers/sgd.js';
import { linear, Stack, toyData } from './test-models.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

describe('compile', () => {
  test('fit, evaluate, trainOnBatch and testOnBatch before compile say to call compile({ optimizer, loss })', async () => {
    const model = linear();
    const x = tf.ones([2, 1]);
    const y = tf.ones([2, 1]);
    const fix = /not compiled.*Call model\.compile\(\{ optimizer, loss \}\) first/;
    await expect(model.fit(x, y)).rejects.toThrow(fix);
    await expect(model.evaluate(x, y)).rejects.toThrow(fix);
    await expect(model.trainOnBatch(x, y)).rejects.toThrow(fix);
    await expect(model.testOnBatch(x, y)).rejects.toThrow(fix);
    expect(() => model.optimizer).toThrow(StrataError);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('names are resolved in compile: a typo fails there, listing the valid names', () => {
    const model = linear();
    expect(() => model.compile({ optimizer: 'adamm', loss: 'mse' })).toThrow(UnknownNameError);
    expect(() => model.compile({ optimizer: 'adam', loss: 'mean_sqared_error' })).toThrow(
      /mean_squared_error/,
    );
    expect(() => model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acuracy'] })).toThrow(/accuracy/);
    expect(() => model.compile({} as never)).toThrow(/compile\(\) needs at least an optimizer/);
    expect(model.compiled).toBe(false); // A failed compile leaves the model uncompiled.
    model.dispose();
  });

  test('optimizer by name gets Keras defaults; an instance is used as is', () => {
    const model = linear();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    expect(model.optimizer).toBeInstanceOf(SGD);
    expect((model.optimizer as SGD).learningRate).toBeCloseTo(0.01);
    const adam = new Adam({ learningRate: 0.5 });
    model.compile({ optimizer: adam, loss: 'mse' });
    expect(model.optimizer).toBe(adam);
    model.dispose();
    adam.dispose();
  });

  test.each([
    ['sparse_categorical_crossentropy', 'sparse'],
    ['categorical_crossentropy', 'categorical'],
    ['binary_crossentropy', 'binary'],
  ] as const)("'accuracy' with %s is %s accuracy (Keras picks it from the loss)", async (loss, kind) => {
    const { x, y } = toyData(40, 4, 3);
    const classes = kind === 'binary' ? 1 : 3;
    const model = new Stack([
      new Dense({ units: classes, activation: kind === 'binary' ? 'sigmoid' : 'softmax' }),
    ]);
    const targets = tf.tidy(() =>
      kind === 'sparse'
        ? y
        : kind === 'categorical'
          ? tf.oneHot(y, 3)
          : tf.cast(tf.expandDims(tf.equal(y, 0), -1), 'float32'),
    );
    model.compile({ optimizer: 'sgd', loss, metrics: ['accuracy'] });
    const [, accuracy] = (await model.evaluate(x, targets, { verbose: 0 })) as number[];
    const expected = tf.tidy(() => {
      const p = model.predict(x) as tf.Tensor;
      const hit =
        kind === 'binary'
          ? tf.equal(tf.greater(p, 0.5), tf.cast(targets, 'bool'))
          : tf.equal(tf.argMax(p, -1), kind === 'sparse' ? y : tf.argMax(targets, -1));
      return tf.mean(tf.cast(hit, 'float32')).dataSync()[0]!;
    });
    expect(accuracy).toBeCloseTo(expected, 6);
    expect(model.metricsNames).toEqual(['loss', 'accuracy']);
    tf.dispose([x, y, targets]);
    model.dispose();
  });

  test('compiling again replaces the metrics and frees the old ones', async () => {
    const { x, y } = toyData(8, 4, 3);
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    await model.evaluate(x, y, { verbose: 0 });
    const before = tf.memory().numTensors;
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    await model.evaluate(x, y, { verbose: 0 });
    expect(model.metricsNames).toEqual(['loss']);
    expect(tf.memory().numTensors).toBeLessThan(before); // accuracy's total and count are gone
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('data errors are raised before training starts', () => {
  const setup = () => {
    const model = new Stack([new Dense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    let started = false;
    const spy = new LambdaCallback({
      onTrainBegin: () => {
        started = true;
      },
    });
    return { model, spy, started: () => started };
  };

  test('different sample counts in x and y', async () => {
    const { model, spy, started } = setup();
    const x = tf.ones([10, 4]);
    const y = tf.zeros([8], 'int32');
    await expect(model.fit(x, y, { callbacks: [spy], verbose: 0 })).rejects.toThrow(
      /x has 10 samples \(shape \[10, 4\]\) but y has 8 \(shape \[8\]\).*same number of rows/,
    );
    expect(started()).toBe(false);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('one-hot targets with a sparse loss: the loss says to use categorical_crossentropy; weights unchanged', async () => {
    const { model, spy, started } = setup();
    const x = tf.ones([6, 4]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
    tf.dispose(model.predict(x)); // builds the model
    const before = model.getWeights();
    await expect(model.fit(x, y, { callbacks: [spy], verbose: 0 })).rejects.toThrow(
      /use 'categorical_crossentropy'/,
    );
    expect(started()).toBe(false);
    const after = model.getWeights();
    after.forEach((w, i) => {
      tf.test_util.expectArraysEqual(w.dataSync(), before[i]!.dataSync());
    });
    tf.dispose([x, y, ...before, ...after]);
    model.dispose();
  });

  test('targets whose shape does not match the output (mse)', async () => {
    const model = new Stack([new Dense({ units: 3 })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.ones([4, 2]);
    const y = tf.ones([4, 1]);
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(
      /yTrue of shape \[4, 3\][\s\S]*targets of shape \[4, 1\]/,
    );
    tf.dispose([x, y]);
    model.dispose();
  });

  test('no targets for a compiled loss; classWeight with several outputs', async () => {
    const { model, spy, started } = setup();
    const x = tf.ones([4, 4]);
    await expect(model.fit(x, undefined, { callbacks: [spy], verbose: 0 })).rejects.toThrow(
      /the compiled loss needs targets, but y is missing/,
    );
    expect(started()).toBe(false);
    const y = tf.zeros([4], 'int32');
    await expect(model.trainOnBatch(x, [y, y], { classWeight: { 0: 1 } })).rejects.toThrow(
      /classWeight is for models with one output/,
    );
    tf.dispose([x, y]);
    model.dispose();
  });

  test('option typos and bad values', async () => {
    const { model } = setup();
    const x = tf.ones([4, 4]);
    const y = tf.zeros([4], 'int32');
    await expect(model.fit(x, y, { batch_size: 2 } as never)).rejects.toThrow(
      /'batch_size' \(did you mean 'batchSize'\?\)/,
    );
    await expect(model.fit(x, y, { epochs: 0 })).rejects.toThrow(/epochs must be a positive integer, got 0/);
    await expect(model.fit(x, y, { validationSplit: 1 })).rejects.toThrow(
      /validationSplit must be a number in \[0, 1\)/,
    );
    await expect(model.fit(x, y, { callbacks: [{ onEpochEnd() {} }] as never })).rejects.toThrow(
      /LambdaCallback/,
    );
    await expect(model.fit(x, y, { classWeight: { a: 1 } as never })).rejects.toThrow(
      /classWeight must map class indices/,
    );
    await expect(model.fit([] as never, y)).rejects.toThrow(/x must be a Tensor.*got an empty array/);
    tf.dispose([x, y]);
    model.dispose();
  });
});
