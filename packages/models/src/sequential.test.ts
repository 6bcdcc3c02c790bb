import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { NotBuiltError, ShapeMismatchError } from '@strata/core';
import { type CallArgs, Layer, resetLayerNames } from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { Input, InputLayer } from './input.js';
import { Model } from './model.js';
import { ToyDense, ToyFlatten, TrainingProbe } from './model.test-layers.js';
import { Sequential } from './sequential.js';
import './functional/functional.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const quiet = { printFn: () => {} };

/** Accepts only rank-4 inputs, like Conv2D. */
class NeedsImages extends Layer {
  static override readonly className = 'NeedsImages';
  constructor() {
    super();
    this.inputSpec = { ndim: 4 };
  }
  override call(x: tf.Tensor | tf.Tensor[]) {
    return x as tf.Tensor;
  }
}

describe('Sequential with a known input shape', () => {
  test('an inputShape on the first layer builds it at once: summary() works without data', () => {
    resetLayerNames();
    const model = new Sequential([
      new ToyFlatten({ inputShape: [28, 28] }),
      new ToyDense({ units: 128, activation: 'relu' }),
      new ToyDense({ units: 10, activation: 'softmax' }),
    ]);
    expect(model.built).toBe(true);
    expect(model.inputShape).toEqual([null, 28, 28]);
    expect(model.outputShape).toEqual([null, 10]);
    expect(model.layers.map((l) => l.name)).toEqual(['toy_flatten', 'toy_dense', 'toy_dense_1']);
    const text = model.summary(quiet);
    expect(text.split('\n')[0]).toBe('Model: "sequential"');
    expect(text).toMatch(/│ toy_flatten \(ToyFlatten\) +│ \(None, 784\) +│ +0 │/);
    expect(text).toMatch(/│ toy_dense \(ToyDense\) +│ \(None, 128\) +│ +100,480 │/);
    expect(text).toMatch(/│ toy_dense_1 \(ToyDense\) +│ \(None, 10\) +│ +1,290 │/);
    expect(text).toContain(' Total params: 101,770 (397.54 KB)');
    expect(text).not.toContain('InputLayer');
    model.dispose();
  });

  test('Input() or an InputLayer first gives the shape too', () => {
    const fromInput = new Sequential([Input({ shape: [4] }), new ToyDense({ units: 2 })]);
    expect(fromInput.outputShape).toEqual([null, 2]);
    expect(fromInput.countParams()).toBe(10);
    const fromLayer = new Sequential([new InputLayer({ inputShape: [3] }), new ToyDense({ units: 2 })]);
    expect(fromLayer.countParams()).toBe(8);
    expect(fromLayer.layers).toHaveLength(1);
    for (const m of [fromInput, fromLayer]) m.dispose();
  });

  test('add() checks the new layer against the previous output, naming both layers and shapes; the model is unchanged', () => {
    resetLayerNames();
    const model = new Sequential([new ToyFlatten({ inputShape: [28, 28] }), new ToyDense({ units: 16 })]);
    const images = new NeedsImages();
    let error: unknown;
    try {
      model.add(images);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeMismatchError);
    expect((error as Error).message).toMatch(
      /^Cannot add Layer 'needs_images' \(NeedsImages\) to Model 'sequential' \(Sequential\) after Layer 'toy_dense' \(ToyDense\), whose output has shape \[null, 16\]: Layer 'needs_images' \(NeedsImages\) expected an input of rank 4/,
    );
    expect(model.layers).toHaveLength(2);
    expect(model.outputShape).toEqual([null, 16]);

    // A layer already built for another shape.
    const built = new ToyDense({ units: 3 });
    tf.dispose(built.apply(tf.zeros([1, 5])));
    expect(() => model.add(built)).toThrow(
      /after Layer 'toy_dense' \(ToyDense\), whose output has shape \[null, 16\]: .*last axis is 5/,
    );
    expect(model.layers).toHaveLength(2);
    built.dispose();
    model.dispose();
  });

  test('layer names must be unique, and a layer is added once', () => {
    const dense = new ToyDense({ units: 2, name: 'head' });
    const model = new Sequential([new ToyDense({ units: 2, inputShape: [2] }), dense]);
    expect(() => model.add(dense)).toThrow(/already contains Layer 'head' \(ToyDense\)/);
    expect(() => model.add(new ToyDense({ units: 2, name: 'head' }))).toThrow(
      /already has a layer named 'head'.*Give the new layer another name/,
    );
    expect(() => model.add(ToyDense as never)).toThrow(/did you forget `new`/);
    expect(() => model.add(Input({ shape: [2] }))).toThrow(/only be the first item/);
    model.dispose();
  });

  test('apply leaves only its output, frees intermediates, and checks the input shape', () => {
    const model = new Sequential([
      new ToyDense({ units: 8, inputShape: [4] }),
      new ToyDense({ units: 8 }),
      new ToyDense({ units: 2 }),
    ]);
    const x = tf.ones([3, 4]);
    const before = tf.memory().numTensors;
    const y = model.apply(x);
    expect(y.shape).toEqual([3, 2]);
    expect(tf.memory().numTensors).toBe(before + 1);
    const wrong = tf.ones([3, 5]);
    expect(() => model.apply(wrong)).toThrow(
      /Model 'sequential(_\d+)?' \(Sequential\) expected an input of shape \[null, 4\], got shape \[3, 5\]\. Its first layer 'toy_dense(_\d+)?' takes that shape/,
    );
    tf.dispose([x, y, wrong]);
    model.dispose();
  });
});

describe('Sequential without an input shape', () => {
  test('builds on first use; summary() before that throws NotBuiltError', () => {
    const model = new Sequential([new ToyFlatten(), new ToyDense({ units: 3 })]);
    expect(model.built).toBe(false);
    expect(() => model.summary(quiet)).toThrow(NotBuiltError);
    const x = tf.ones([2, 2, 2]);
    const y = model.apply(x);
    expect(model.built).toBe(true);
    expect(model.inputShape).toEqual([null, 2, 2]);
    expect(model.summary(quiet)).toMatch(/│ toy_dense(_\d+)? \(ToyDense\) +│ \(None, 3\) +│ +15 │/);
    // Built now: later adds are checked.
    model.add(new ToyDense({ units: 1 }));
    expect(model.outputShape).toEqual([null, 1]);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('build([null, 5]) builds every layer symbolically, without data', () => {
    const model = new Sequential();
    model.add(new ToyDense({ units: 4 }));
    model.add(new ToyDense({ units: 2 }));
    const before = tf.memory().numTensors;
    model.build([null, 5]);
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(model.countParams()).toBe(5 * 4 + 4 + 4 * 2 + 2);
    expect(model.summary({ inputShape: [null, 5], ...quiet })).toContain('Total params: 34 ');
    expect(() =>
      model.build([
        [null, 5],
        [null, 5],
      ]),
    ).toThrow(/already built/);
    model.dispose();
  });

  test('an empty or multi-input build says what to do', () => {
    expect(() => new Sequential().build([null, 3])).toThrow(/has no layers to build; add layers first/);
    const model = new Sequential([new ToyDense({ units: 2 })]);
    expect(() =>
      model.build([
        [null, 3],
        [null, 3],
      ]),
    ).toThrow(/takes one input.*Use a functional model/);
    model.dispose();
  });
});

describe('pop, training, nesting', () => {
  test('pop() removes the last layer and restores the output shape', () => {
    const model = new Sequential([new ToyDense({ units: 4, inputShape: [3] }), new ToyDense({ units: 2 })]);
    const last = model.pop();
    expect(last).toBeInstanceOf(ToyDense);
    expect(model.layers).toHaveLength(1);
    expect(model.outputShape).toEqual([null, 4]);
    model.pop();
    expect(() => model.pop()).toThrow(/has no layers to pop/);
    last.dispose();
    model.dispose();
  });

  test('training reaches every layer; nested Sequential models are layers', () => {
    const probe = new TrainingProbe();
    const inner = new Sequential([probe]);
    const outer = new Sequential([new ToyDense({ units: 2, inputShape: [2] }), inner]);
    const x = tf.ones([1, 2]);
    tf.dispose(outer.apply(x, { training: true }));
    tf.dispose(outer.apply(x));
    expect(probe.seen.slice(-2)).toEqual([true, false]);
    expect(outer.summary({ ...quiet, expandNested: true })).toMatch(
      /│ {4}└ training_probe(_\d+)? \(TrainingProbe\) +│ \(None, 2\)/,
    );
    x.dispose();
    outer.dispose();
  });

  test('a subclassed model inside a Sequential one is traced when added', () => {
    class Twice extends Model {
      dense = new ToyDense({ units: 3 });
      override call(x: tf.Tensor, _kwargs?: CallArgs) {
        return this.dense.apply(tf.mul(x, 2));
      }
    }
    const sub = new Twice();
    const model = new Sequential([Input({ shape: [4] }), sub]);
    expect(sub.built).toBe(true);
    expect(sub.dense.outputShape).toEqual([null, 3]);
    expect(model.countParams()).toBe(15);
    model.dispose();
  });
});

describe('config', () => {
  test('getConfig() is the tfjs-layers Sequential config; fromConfig rebuilds an equal model', async () => {
    resetLayerNames();
    const model = new Sequential(
      [new ToyDense({ units: 4, inputShape: [3], activation: 'relu' }), new ToyDense({ units: 2 })],
      { name: 'mlp' },
    );
    const config = model.getConfig();
    expect(config.name).toBe('mlp');
    // As tfjs-layers writes it: the first layer carries the input shape, no InputLayer entry.
    expect(config.layers.map((l) => l.className)).toEqual(['ToyDense', 'ToyDense']);
    expect(config.layers[0]!.config).toMatchObject({
      name: 'toy_dense',
      units: 4,
      activation: 'relu',
      batchInputShape: [null, 3],
    });
    const json = JSON.parse(JSON.stringify(config));
    resetLayerNames();
    const copy = Sequential.fromConfig(json);
    expect(copy).toBeInstanceOf(Sequential);
    expect(copy.name).toBe('mlp');
    expect(copy.built).toBe(true);
    expect(copy.getConfig()).toEqual(config);
    copy.setWeights(model.getWeights());
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 7);
    const [a, b] = [model.apply(x), copy.apply(x)];
    tf.test_util.expectArraysClose(await a.data(), await b.data());
    tf.dispose([x, a, b]);
    model.dispose();
    copy.dispose();
  });

  test('a model built from a shape, or made with Input(), lists its InputLayer first (as Keras)', () => {
    resetLayerNames();
    const model = new Sequential([new ToyDense({ units: 2 })]);
    model.build([null, 3]);
    const config = model.getConfig();
    expect(config.layers.map((l) => l.className)).toEqual(['InputLayer', 'ToyDense']);
    expect(config.layers[0]!.config).toEqual({
      batchInputShape: [null, 3],
      dtype: 'float32',
      sparse: false,
      name: 'input_layer',
    });
    resetLayerNames();
    const copy = Sequential.fromConfig(JSON.parse(JSON.stringify(config)));
    expect(copy.built).toBe(true);
    expect(copy.getConfig()).toEqual(config);
    const withInput = new Sequential([Input({ shape: [3] }), new ToyDense({ units: 2 })]);
    expect(withInput.getConfig().layers[0]!.className).toBe('InputLayer');
    for (const m of [model, copy, withInput]) m.dispose();
  });

  test('popping the only layer of a model whose shape came from that layer unbuilds it', () => {
    const model = new Sequential([new ToyDense({ units: 2, inputShape: [3] })]);
    model.pop().dispose();
    expect(model.built).toBe(false);
    expect(model.getConfig().layers).toEqual([]);
    model.add(new ToyDense({ units: 2, inputShape: [5] }));
    expect(model.inputShape).toEqual([null, 5]);
    model.dispose();
  });

  test('an unbuilt model round-trips unbuilt; a bare layer list (tfjs) is accepted', () => {
    const model = new Sequential([new ToyDense({ units: 4 })]);
    const config = model.getConfig();
    expect(config.layers.map((l) => l.className)).toEqual(['ToyDense']);
    const copy = Sequential.fromConfig(config.layers as never);
    expect(copy.built).toBe(false);
    expect(() => Sequential.fromConfig({ name: 'x' })).toThrow(/has no 'layers' list/);
    model.dispose();
    copy.dispose();
  });
});
