import { readFileSync } from 'node:fs';
import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { NotBuiltError, ShapeMismatchError, StrataError } from '@strata/core';
import {
  type CallArgs,
  currentCallContext,
  Dense,
  Flatten,
  Layer,
  resetLayerNames,
  type SymbolicTensor,
} from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { Input } from './input.js';
import { Model } from './model.js';
import { ToyDense, TrainingProbe } from './model.test-layers.js';
import { Sequential } from './sequential.js';
import './functional/functional.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

// The lesson of the issue.
class MnistModel extends Model {
  flatten = new Flatten();
  hidden = new Dense({ units: 128, activation: 'relu' });
  out = new Dense({ units: 10, activation: 'softmax' });
  override call(x: tf.Tensor, _kwargs?: CallArgs) {
    return this.out.apply(this.hidden.apply(this.flatten.apply(x)));
  }
}

const LESSON_SUMMARY = `Model: "mnist_model"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                        ┃ Output Shape                ┃          Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩
│ flatten (Flatten)                   │ (None, 784)                 │                0 │
├─────────────────────────────────────┼─────────────────────────────┼──────────────────┤
│ dense (Dense)                       │ (None, 128)                 │          100,480 │
├─────────────────────────────────────┼─────────────────────────────┼──────────────────┤
│ dense_1 (Dense)                     │ (None, 10)                  │            1,290 │
└─────────────────────────────────────┴─────────────────────────────┴──────────────────┘
 Total params: 101,770 (397.54 KB)
 Trainable params: 101,770 (397.54 KB)
 Non-trainable params: 0 (0.00 B)`;

const quiet = { printFn: () => {} };

describe('the lesson: a subclassed MNIST model', () => {
  test('summary() before build throws NotBuiltError with the Keras message and our third way', () => {
    const model = new MnistModel();
    expect(() => model.summary(quiet)).toThrow(NotBuiltError);
    expect(() => model.summary(quiet)).toThrow(
      'This model has not yet been built. Build the model first by calling `build(inputShape)` or by calling the ' +
        'model on a batch of data.',
    );
    expect(() => model.summary(quiet)).toThrow(/summary\(\{ inputShape: \[null, 28, 28\] \}\)/);
    model.dispose();
  });

  test('apply on a batch builds it; summary shows the recorded shapes and 101,770 params; no tensor leaks', () => {
    resetLayerNames();
    const model = new MnistModel();
    const x = tf.zeros([2, 28, 28]);
    const before = tf.memory().numTensors;
    const y = model.apply(x);
    // The 4 weights and the output: nothing else survives the call.
    expect(tf.memory().numTensors).toBe(before + 4 + 1);
    expect(y.shape).toEqual([2, 10]);
    expect(model.built).toBe(true);
    const afterApply = tf.memory().numTensors;
    const printed: string[] = [];
    const text = model.summary({ printFn: (line) => printed.push(line) });
    expect(tf.memory().numTensors).toBe(afterApply);
    expect(text).toBe(LESSON_SUMMARY);
    expect(printed.join('\n')).toBe(text);
    expect(model.countParams()).toBe(101_770);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('build([null, 28, 28]) gives the same summary without data, and creates only the weights', () => {
    resetLayerNames();
    const model = new MnistModel();
    const before = tf.memory().numTensors;
    model.build([null, 28, 28]);
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(model.summary(quiet)).toBe(LESSON_SUMMARY);
    expect(model.flatten.outputShape).toEqual([null, 784]);
    expect(model.hidden.outputShape).toEqual([null, 128]);
    expect(model.outputShape).toEqual([null, 10]);
    expect(tf.memory().numTensors).toBe(before + 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('summary({ inputShape }) builds on a dummy batch in inference mode and prints', () => {
    resetLayerNames();
    const model = new MnistModel();
    const lines: string[] = [];
    const text = model.summary({ inputShape: [null, 28, 28], printFn: (l) => lines.push(l) });
    expect(text).toBe(LESSON_SUMMARY);
    expect(lines).toHaveLength(LESSON_SUMMARY.split('\n').length);
    model.dispose();
  });

  test('data of the wrong shape: the Dense error, then the model it was called in', () => {
    const model = new MnistModel();
    model.build([null, 28, 28]);
    const x = tf.zeros([2, 10, 10]);
    const before = tf.memory().numTensors;
    let message = '';
    try {
      model.apply(x);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^Layer 'dense(_\d+)?' \(Dense\) expected an input whose last axis is 784, got shape \[2, 100\]\./,
    );
    expect(message).toMatch(
      /\n {2}in Model 'mnist_model(_\d+)?' \(MnistModel\) called on an input of shape \[2, 10, 10\]$/,
    );
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  test('the README shows this summary', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const printed = readme.split('prints\n\n```\n')[1]!.split('\n```')[0];
    expect(printed).toBe(LESSON_SUMMARY);
  });

  test('the model is named after its class and describes itself by it', () => {
    const model = new MnistModel({ name: 'digits' });
    expect(new MnistModel().name).toMatch(/^mnist_model(_\d+)?$/);
    expect(model.describe()).toBe("Model 'digits' (MnistModel)");
    model.dispose();
  });
});

describe('building', () => {
  test('the trace runs in inference mode inside tidy and changes no state', () => {
    // A layer with a non-trainable counter that training calls would change, as BatchNormalization's statistics.
    class Stateful extends Layer {
      static override readonly className = 'Stateful';
      count!: tf.Variable;
      override build() {
        this.count = this.addWeight('count', [], { initializer: 'zeros', trainable: false });
      }
      override call(x: tf.Tensor | tf.Tensor[], kwargs: CallArgs) {
        if (kwargs.training) this.count.assign(tf.add(this.count, 1));
        return x as tf.Tensor;
      }
    }
    class WithState extends Model {
      state = new Stateful();
      probe = new TrainingProbe();
      override call(x: tf.Tensor) {
        return this.probe.apply(this.state.apply(x));
      }
    }
    const model = new WithState();
    const before = tf.memory().numTensors;
    model.build([null, 3]);
    expect(model.probe.seen).toEqual([false]);
    expect(model.state.count.dataSync()[0]).toBe(0);
    expect(tf.memory().numTensors).toBe(before + 1); // the counter
    model.dispose();
  });

  test('a subclass whose build() does not call super.build() is still built; build() then apply builds once', () => {
    class OwnBuild extends Model {
      builds = 0;
      dense?: ToyDense;
      override build(inputShape: tf.Shape) {
        this.builds++;
        this.dense = new ToyDense({ units: inputShape.at(-1)! * 2 });
      }
      override call(x: tf.Tensor) {
        return this.dense!.apply(x);
      }
    }
    const model = new OwnBuild();
    model.build([null, 3]);
    expect(model.built).toBe(true);
    expect(model.builds).toBe(1);
    expect(model.dense!.builds).toBe(1);
    const x = tf.ones([2, 3]);
    const y = model.apply(x);
    expect(y.shape).toEqual([2, 6]);
    model.build([null, 3]);
    expect(model.builds).toBe(1);
    expect(model.dense!.builds).toBe(1);
    // Layers created inside build are tracked: their weights are the model's.
    expect(model.layers).toEqual([model.dense]);
    expect(model.weights).toHaveLength(2);
    expect(() => model.build([null, 5])).toThrow(/already built/);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('build() rejects a shape without the batch axis layout and names the fix', () => {
    const model = new MnistModel();
    expect(() => model.build(28 as never)).toThrow(/build\(\[null, 28, 28\]\)/);
    expect(model.built).toBe(false);
    model.dispose();
  });

  test('a failed trace leaves the model unbuilt and names it', () => {
    class Broken extends Model {
      dense = new ToyDense({ units: 2 });
      override call(x: tf.Tensor) {
        return tf.matMul(this.dense.apply(x), tf.ones([5, 5]));
      }
    }
    const model = new Broken();
    const before = tf.memory().numTensors;
    expect(() => model.build([null, 3])).toThrow(
      /in Model 'broken' \(Broken\) building for an input of shape \[null, 3\]/,
    );
    expect(model.built).toBe(false);
    expect(tf.memory().numTensors).toBe(before + 2); // the dense weights were made; no intermediate leaked
    model.dispose();
  });
});

describe('errors that guide', () => {
  test('call() not overridden', () => {
    class NoCall extends Model {
      dense = new ToyDense({ units: 2 });
    }
    const model = new NoCall();
    const x = tf.ones([1, 2]);
    expect(() => model.apply(x)).toThrow(
      /Model 'no_call' \(NoCall\) has no call\(\)\. Override call\(inputs, kwargs\) in NoCall/,
    );
    expect(() => model.build([null, 2])).toThrow(/new Model\(\{ inputs, outputs \}\)/);
    expect(() => new Model().apply(x)).toThrow(/has no call\(\)/);
    x.dispose();
    model.dispose();
  });

  test('call() returning something other than tensors', () => {
    class Forgot extends Model {
      dense = new ToyDense({ units: 2 });
      override call(x: tf.Tensor): tf.Tensor {
        this.dense.apply(x);
        return undefined as never;
      }
    }
    class Numbers extends Model {
      override call(): tf.Tensor {
        return 3 as never;
      }
    }
    const x = tf.ones([1, 2]);
    const before = tf.memory().numTensors;
    const forgot = new Forgot();
    expect(() => forgot.apply(x)).toThrow(
      /Model 'forgot' \(Forgot\): call\(\) returned undefined, not a Tensor or an array of Tensors\. Return the output tensor\(s\) from call\(\)/,
    );
    expect(forgot.built).toBe(false);
    expect(() => new Forgot().build([null, 2])).toThrow(
      /call\(\) returned undefined \(is a `return` missing\?\)/,
    );
    expect(() => new Numbers().apply(x)).toThrow(/call\(\) returned number/);
    forgot.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2); // at most the second model's weights
    x.dispose();
  });

  test('a layer used with two incompatible shapes: the layer error, plus the model it happened in', () => {
    class Reuse extends Model {
      dense = new ToyDense({ units: 4 });
      override call(inputs: tf.Tensor[]) {
        return tf.add(this.dense.apply(inputs[0]!), this.dense.apply(inputs[1]!));
      }
    }
    const model = new Reuse();
    const a = tf.ones([2, 3]);
    const b = tf.ones([2, 5]);
    let error: unknown;
    try {
      model.apply([a, b]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeMismatchError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /Layer 'toy_dense(_\d+)?' \(ToyDense\) expected an input whose last axis is 3, got shape \[2, 5\]/,
    );
    expect(message).toMatch(
      /\n {2}in Model 'reuse' \(Reuse\) called on inputs of shapes \[2, 3\], \[2, 5\]$/,
    );
    tf.dispose([a, b]);
    model.dispose();
  });

  test('nested models each add a line, innermost first', () => {
    class Inner extends Model {
      dense = new ToyDense({ units: 4 });
      override call(x: tf.Tensor) {
        return this.dense.apply(x);
      }
    }
    class Outer extends Model {
      inner = new Inner();
      override call(x: tf.Tensor) {
        return this.inner.apply(tf.concat([x, x], -1));
      }
    }
    const model = new Outer();
    const x3 = tf.ones([1, 3]);
    const x2 = tf.ones([1, 2]);
    const y = model.apply(x3);
    expect(() => model.apply(x2)).toThrow(
      /last axis is 6, got shape \[1, 4\]\.[\s\S]*\n {2}in Model 'inner' \(Inner\) called on an input of shape \[1, 4\]\n {2}in Model 'outer' \(Outer\) called on an input of shape \[1, 2\]$/,
    );
    tf.dispose([x3, x2, y]);
    model.dispose();
  });
});

describe('the training flag (Keras semantics)', () => {
  class Block extends Model {
    probe = new TrainingProbe();
    override call(x: tf.Tensor) {
      return this.probe.apply(x); // does not pass kwargs on
    }
  }
  class Net extends Model {
    block = new Block();
    explicit = new TrainingProbe();
    override call(x: tf.Tensor) {
      return this.explicit.apply(this.block.apply(x), { training: false });
    }
  }

  test('reaches nested layers through the call context; a value passed explicitly inside call wins', async () => {
    const model = new Net();
    const x = tf.ones([1, 2]);
    const y = model.apply(x, { training: true });
    expect(model.block.probe.seen).toEqual([true]);
    expect(model.explicit.seen).toEqual([false]);
    expect(Array.from(await y.data())).toEqual([2, 2]);
    const z = model.apply(x);
    expect(model.block.probe.seen).toEqual([true, false]);
    tf.dispose([x, y, z]);
    model.dispose();
  });

  test('after a call that threw, the context is clean', () => {
    class Throws extends Model {
      probe = new TrainingProbe();
      override call(x: tf.Tensor): tf.Tensor {
        this.probe.apply(x);
        throw new Error('boom');
      }
    }
    const model = new Throws();
    const x = tf.ones([1, 2]);
    expect(() => model.apply(x, { training: true })).toThrow('boom');
    expect(currentCallContext()).toBeUndefined();
    const probe = new TrainingProbe();
    tf.dispose(probe.apply(x));
    expect(probe.seen).toEqual([false]);
    x.dispose();
    model.dispose();
  });
});

describe('tracking', () => {
  test('layers assigned in the constructor, in build, and later from outside; arrays changed after assignment', () => {
    class Tracked extends Model {
      first = new ToyDense({ units: 2 });
      blocks: ToyDense[] = [];
      heads: Record<string, ToyDense | ToyDense[]> = {
        a: new ToyDense({ units: 2 }),
        more: [new ToyDense({ units: 2 })],
      };
      late?: ToyDense;
      fromBuild?: ToyDense;
      constructor() {
        super();
        this.blocks.push(new ToyDense({ units: 2 }));
      }
      override build(_inputShape: tf.Shape) {
        this.fromBuild = new ToyDense({ units: 2 });
      }
      override call(x: tf.Tensor) {
        let y = this.first.apply(x);
        for (const b of this.blocks) y = b.apply(y);
        y = (this.heads.a as ToyDense).apply(y);
        for (const h of this.heads.more as ToyDense[]) y = h.apply(y);
        y = this.fromBuild!.apply(y);
        return this.late ? this.late.apply(y) : y;
      }
    }
    const model = new Tracked();
    model.blocks.push(new ToyDense({ units: 2 })); // changed after assignment
    model.late = new ToyDense({ units: 2 }); // from outside
    model.build([null, 2]);
    const paths = model.trackedLayers().map((c) => c.path);
    expect(paths).toEqual(['first', 'blocks/0', 'blocks/1', 'heads/a', 'heads/more/0', 'late', 'fromBuild']);
    expect(model.weights).toHaveLength(14);
    expect(model.countParams()).toBe(7 * (2 * 2 + 2));
    expect(
      model
        .weightInfo()
        .map((w) => w.path)
        .slice(0, 4),
    ).toEqual(['first/kernel', 'first/bias', 'blocks/0/kernel', 'blocks/0/bias']);
    model.dispose();
  });

  test('a layer held twice counts once (layers, weights, summary total)', () => {
    class Twice extends Model {
      shared = new ToyDense({ units: 3 });
      again = this.shared;
      list = [this.shared];
      override call(x: tf.Tensor) {
        return this.shared.apply(x);
      }
    }
    const model = new Twice();
    model.build([null, 3]);
    expect(model.layers).toEqual([model.shared]);
    expect(model.weights).toHaveLength(2);
    expect(model.summary(quiet)).toMatch(/Total params: 12 \(48\.00 B\)/);
    model.dispose();
  });

  test('model.losses collects the regularization losses of every nested layer', async () => {
    class Inner extends Model {
      dense = new ToyDense({ units: 2, kernelRegularizer: 'l2' });
      override call(x: tf.Tensor) {
        return this.dense.apply(x);
      }
    }
    class Outer extends Model {
      inner = new Inner();
      head = new ToyDense({ units: 1, kernelRegularizer: 'l2' });
      override call(x: tf.Tensor) {
        return this.head.apply(this.inner.apply(x));
      }
    }
    const model = new Outer();
    const x = tf.ones([2, 3]);
    const y = model.apply(x);
    expect(model.losses).toHaveLength(2);
    const expected = tf.tidy(() =>
      [model.inner.dense.kernel, model.head.kernel].map((k) => tf.square(k).sum().mul(0.01).dataSync()[0]!),
    );
    const got = await Promise.all(model.losses.map(async (t) => (await t.data())[0]!));
    expect(got[0]).toBeCloseTo(expected[0]!, 6);
    expect(got[1]).toBeCloseTo(expected[1]!, 6);
    model.clearLosses();
    expect(model.losses).toHaveLength(0);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('trainable = false on a model or a sub-layer moves its weights to non-trainable; summary follows', () => {
    resetLayerNames();
    const model = new MnistModel();
    model.build([null, 28, 28]);
    model.hidden.trainable = false;
    expect(model.trainableWeights).toHaveLength(2);
    expect(model.nonTrainableWeights).toHaveLength(2);
    let text = model.summary(quiet);
    expect(text).toContain(' Trainable params: 1,290 (5.04 KB)');
    expect(text).toContain(' Non-trainable params: 100,480 (392.50 KB)');
    model.hidden.trainable = true;
    model.trainable = false;
    expect(model.trainableWeights).toHaveLength(0);
    text = model.summary(quiet);
    expect(text).toContain(' Trainable params: 0 (0.00 B)');
    expect(text).toContain(' Non-trainable params: 101,770 (397.54 KB)');
    expect(model.weights.every((w) => !w.trainable)).toBe(true);
    model.dispose();
  });

  test('weights are ordered trainable first, then depth-first in field order (documented)', () => {
    class Ordered extends Model {
      b = new ToyDense({ units: 2 });
      a = new ToyDense({ units: 2 });
      override call(x: tf.Tensor) {
        return this.a.apply(this.b.apply(x));
      }
    }
    const model = new Ordered();
    model.build([null, 2]);
    model.b.trainable = false;
    expect(model.weights.map((w) => model.weightInfo().find((i) => i.variable === w)!.path)).toEqual([
      'a/kernel',
      'a/bias',
      'b/kernel',
      'b/bias',
    ]);
    model.dispose();
  });
});

describe('nested models of every kind', () => {
  test('functional inside subclassed, subclassed inside functional, both inside Sequential', async () => {
    const encoderIn = Input({ shape: [4] });
    const encoder = new Model({
      inputs: encoderIn,
      outputs: new ToyDense({ units: 3, activation: 'relu' }).apply(encoderIn),
      name: 'encoder',
    });
    class Head extends Model {
      dense = new ToyDense({ units: 2 });
      override call(x: tf.Tensor) {
        return this.dense.apply(x);
      }
    }
    class Wrapper extends Model {
      encoder = encoder;
      head = new Head();
      override call(x: tf.Tensor) {
        return this.head.apply(this.encoder.apply(x));
      }
    }
    const wrapper = new Wrapper();
    wrapper.build([null, 4]);
    expect(wrapper.countParams()).toBe(4 * 3 + 3 + 3 * 2 + 2);
    const text = wrapper.summary({ ...quiet, expandNested: true });
    expect(text).toMatch(/│ encoder \(Functional\) +│ \(None, 3\) +│ +15 │/);
    expect(text).toMatch(/│ {4}└ input_layer(_\d+)? \(InputLayer\) +│ \(None, 4\) +│ +0 │/);
    expect(text).toMatch(/│ head \(Head\) +│ \(None, 2\) +│ +8 │/);
    expect(text).toMatch(/│ {4}└ toy_dense(_\d+)? \(ToyDense\) +│ \(None, 2\) +│ +8 │/);

    // Subclassed inside functional.
    const inputs = Input({ shape: [4] });
    const head = new Head();
    const functional = new Model({ inputs, outputs: head.apply(encoder.apply(inputs)) });
    expect(functional.layers.map((l) => l.name)).toEqual([inputs.sourceLayer.name, 'encoder', head.name]);
    expect(head.outputShape).toEqual([null, 2]);

    // Both inside a Sequential.
    const head2 = new Head();
    const sequential = new Sequential([new ToyDense({ units: 4, inputShape: [5] }), encoder, head2]);
    expect(sequential.outputShape).toEqual([null, 2]);
    const x = tf.ones([3, 5]);
    const before = tf.memory().numTensors;
    const y = sequential.apply(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    const expected = tf.tidy(() => head2.apply(encoder.apply(sequential.layers[0]!.apply(x) as tf.Tensor)));
    tf.test_util.expectArraysClose(await y.data(), await expected.data());
    expect(sequential.countParams()).toBe(5 * 4 + 4 + 15 + 8);
    tf.dispose([x, y, expected]);
    for (const m of [wrapper, functional, sequential]) m.dispose();
  });
});

describe('multi-input and multi-output subclassed models', () => {
  class TwoInTwoOut extends Model {
    left = new ToyDense({ units: 3 });
    right = new ToyDense({ units: 3 });
    override call(inputs: tf.Tensor[]) {
      const [a, b] = inputs as [tf.Tensor, tf.Tensor];
      const sum = tf.add(this.left.apply(a), this.right.apply(b));
      return [sum, tf.neg(sum)];
    }
  }

  test('call receives an array; build([[null, 50], [null, 50]]); apply returns an array', () => {
    const model = new TwoInTwoOut();
    const before = tf.memory().numTensors;
    model.build([
      [null, 50],
      [null, 50],
    ]);
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(model.outputShape).toEqual([
      [null, 3],
      [null, 3],
    ]);
    expect(model.summary(quiet)).toMatch(/Total params: 306 /);
    const a = tf.ones([2, 50]);
    const b = tf.ones([2, 50]);
    const out = model.apply([a, b]) as unknown as tf.Tensor[];
    expect(out.map((t) => t.shape)).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expect(tf.memory().numTensors).toBe(before + 4 + 2 + 2);
    tf.dispose([a, b, ...out]);
    model.dispose();
  });

  test('used in a functional model, it gives two symbolic outputs', () => {
    const a = Input({ shape: [50] });
    const b = Input({ shape: [50] });
    const inner = new TwoInTwoOut();
    const [p, q] = inner.apply([a, b]) as unknown as SymbolicTensor[];
    const model = new Model({ inputs: [a, b], outputs: [p!, q!] });
    expect(model.outputShape).toEqual([
      [null, 3],
      [null, 3],
    ]);
    model.dispose();
  });
});

describe('getLayer', () => {
  test('by name and by index, with guiding errors', () => {
    resetLayerNames();
    const model = new MnistModel();
    expect(model.getLayer('dense')).toBe(model.hidden);
    expect(model.getLayer(2)).toBe(model.out);
    expect(() => model.getLayer('dense_2')).toThrow(
      /Unknown layer in Model 'mnist_model' \(MnistModel\) 'dense_2'\. Valid names: 'flatten', 'dense', 'dense_1'/,
    );
    expect(() => model.getLayer(5)).toThrow(/out of range \(0 to 2\)/);
    expect(StrataError.isInstance(catchError(() => model.getLayer(5)))).toBe(true);
    model.dispose();
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('training (Model extends TrainingModel)', () => {
  test('each kind of model compiles, fits and predicts, leaving no tensor behind', async () => {
    resetLayerNames();
    const x = tf.randomNormal([16, 28, 28], 0, 1, 'float32', 11);
    const y = tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => i % 10),
      'float32',
    );
    const inputs = Input({ shape: [28, 28] });
    const models: Model[] = [
      new MnistModel(),
      new Sequential([
        new Flatten({ inputShape: [28, 28] }),
        new Dense({ units: 10, activation: 'softmax' }),
      ]),
      new Model({
        inputs,
        outputs: new Dense({ units: 10, activation: 'softmax' }).apply(new Flatten().apply(inputs)),
      }),
    ];
    for (const model of models) {
      model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
      const history = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
      expect(history.history.loss).toHaveLength(2);
      expect(history.history.loss![1]!).toBeLessThan(history.history.loss![0]!);
      // Optimizer slots are created on the first step; nothing else may stay behind.
      const afterFit = tf.memory().numTensors;
      await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
      expect(tf.memory().numTensors).toBe(afterFit);
      const predictions = model.predict(x) as tf.Tensor;
      expect(predictions.shape).toEqual([16, 10]);
      predictions.dispose();
      model.dispose();
    }
    tf.dispose([x, y]);
  });
});
