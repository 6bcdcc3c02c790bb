import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { InvalidArgumentError, ShapeMismatchError, StrataError } from '@strata/core';
import { Layer, resetLayerNames, type SymbolicTensor } from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { Input } from '../input.js';
import { Model } from '../model.js';
import { ToyAdd, ToyConcat, ToyDense, ToyFlatten, ToySplit, TrainingProbe } from '../model.test-layers.js';
import { Sequential } from '../sequential.js';
import { Functional } from './functional.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const quiet = { printFn: () => {} };

describe('functional models', () => {
  test('Input → layers → new Model({ inputs, outputs }): shapes known at once, same numbers as the layers', async () => {
    resetLayerNames();
    const inputs = Input({ shape: [28, 28] });
    expect(inputs.shape).toEqual([null, 28, 28]);
    const flatten = new ToyFlatten();
    const dense = new ToyDense({ units: 10, activation: 'softmax' });
    const hidden = flatten.apply(inputs);
    expect(hidden.shape).toEqual([null, 784]);
    const outputs = dense.apply(hidden);
    const model = new Model({ inputs, outputs });
    expect(model).toBeInstanceOf(Functional);
    expect(model).toBeInstanceOf(Model);
    expect(model.name).toBe('functional');
    expect(model.built).toBe(true);
    expect(model.outputShape).toEqual([null, 10]);
    expect(model.layers.map((l) => l.name)).toEqual(['input_layer', 'toy_flatten', 'toy_dense']);
    expect(model.countParams()).toBe(7850);

    const x = tf.randomNormal([3, 28, 28], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const y = model.apply(x);
    // Only the output survives: every intermediate was freed.
    expect(tf.memory().numTensors).toBe(before + 1);
    const expected = tf.tidy(() => dense.apply(flatten.apply(x)));
    tf.test_util.expectArraysClose(await y.data(), await expected.data());
    tf.dispose([x, y, expected]);
    model.dispose();
  });

  test('a chain prints like Keras 3 (InputLayer row, no Connected to column)', () => {
    resetLayerNames();
    const inputs = Input({ shape: [28, 28] });
    const model = new Model({
      inputs,
      outputs: new ToyDense({ units: 10 }).apply(new ToyFlatten().apply(inputs)),
    });
    expect(model.summary(quiet)).toBe(`Model: "functional"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                        ┃ Output Shape                ┃          Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩
│ input_layer (InputLayer)            │ (None, 28, 28)              │                0 │
├─────────────────────────────────────┼─────────────────────────────┼──────────────────┤
│ toy_flatten (ToyFlatten)            │ (None, 784)                 │                0 │
├─────────────────────────────────────┼─────────────────────────────┼──────────────────┤
│ toy_dense (ToyDense)                │ (None, 10)                  │            7,850 │
└─────────────────────────────────────┴─────────────────────────────┴──────────────────┘
 Total params: 7,850 (30.66 KB)
 Trainable params: 7,850 (30.66 KB)
 Non-trainable params: 0 (0.00 B)`);
    model.dispose();
  });

  test('shared layers, several inputs and outputs; summary adds a Connected to column', async () => {
    resetLayerNames();
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [4], name: 'b' });
    const shared = new ToyDense({ units: 3, name: 'shared' });
    const [sa, sb] = [shared.apply(a), shared.apply(b)];
    const sum = new ToyAdd({ name: 'sum' }).apply([sa, sb]);
    const both = new ToyConcat({ name: 'both' }).apply([sa, sum]);
    const model = new Model({ inputs: [a, b], outputs: [sum, both] });
    expect(model.layers.map((l) => l.name)).toEqual(['a', 'b', 'shared', 'sum', 'both']);
    expect((model as Functional).inputNames).toEqual(['a', 'b']);
    expect((model as Functional).outputNames).toEqual(['sum', 'both']);
    expect(model.weights).toHaveLength(2);
    expect(model.outputShape).toEqual([
      [null, 3],
      [null, 6],
    ]);

    const text = model.summary({ ...quiet, lineLength: 100 });
    expect(
      text
        .split('\n')
        .slice(1, -3)
        .every((line) => line.length === 100),
    ).toBe(true);
    expect(text).toMatch(/┃ Layer \(type\) +┃ Output Shape +┃ +Param # ┃ Connected to +┃/);
    expect(text).toMatch(
      /│ shared \(ToyDense\) +│ \(None, 3\) +│ +15 │ a\[0\]\[0\] +│\n│ +│ +│ +│ b\[0\]\[0\] +│/,
    );
    expect(text).toMatch(
      /│ sum \(ToyAdd\) +│ \(None, 3\) +│ +0 │ shared\[0\]\[0\] +│\n│ +│ +│ +│ shared\[1\]\[0\] +│/,
    );
    expect(text).toMatch(/│ a \(InputLayer\) +│ \(None, 4\) +│ +0 │ - +│/);

    const xa = tf.ones([2, 4]);
    const xb = tf.fill([2, 4], 2);
    const before = tf.memory().numTensors;
    const out = model.apply([xa, xb]) as unknown as tf.Tensor[];
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(out.map((t) => t.shape)).toEqual([
      [2, 3],
      [2, 6],
    ]);
    const expected = tf.tidy(() => tf.add(shared.apply(xa), shared.apply(xb)));
    tf.test_util.expectArraysClose(await out[0]!.data(), await expected.data());

    expect(() => model.apply(xa)).toThrow(InvalidArgumentError);
    expect(() => model.apply(xa)).toThrow(
      /takes 2 input\(s\) \('a' \[null, 4\], 'b' \[null, 4\]\), got 1\. Pass an array of 2 tensors in this order/,
    );
    const wrong = tf.ones([2, 5]);
    expect(() => model.apply([xa, wrong])).toThrow(ShapeMismatchError);
    expect(() => model.apply([xa, wrong])).toThrow(
      /input 'b' expected shape \[null, 4\], got shape \[2, 5\]/,
    );
    tf.dispose([xa, xb, wrong, expected, ...out]);
    model.dispose();
  });

  test('a layer with two outputs, and an output that is also used inside the graph', () => {
    const inputs = Input({ shape: [6] });
    const [left, right] = new ToySplit().apply(inputs) as unknown as SymbolicTensor[];
    const joined = new ToyConcat().apply([right!, left!]);
    const model = new Model({ inputs, outputs: [left!, joined] });
    const x = tf.tensor2d([[1, 2, 3, 4, 5, 6]]);
    const before = tf.memory().numTensors;
    const [l, j] = model.apply(x) as unknown as tf.Tensor[];
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(Array.from(l!.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(j!.dataSync())).toEqual([4, 5, 6, 1, 2, 3]);
    expect(model.summary(quiet)).toMatch(/toy_split(_\d+)? \(ToySplit\) +│ \[\(None, 3\), \(None, 3\)\]/);
    tf.dispose([x, l!, j!]);
    model.dispose();
  });

  test('a layer returning its input (identity) does not free a tensor still in use', () => {
    class Identity extends Layer {
      static override readonly className = 'Identity';
      override call(x: tf.Tensor | tf.Tensor[]) {
        return x as tf.Tensor;
      }
    }
    const inputs = Input({ shape: [2] });
    const h = new ToyDense({ units: 2 }).apply(inputs);
    const same = new Identity().apply(h);
    const model = new Model({ inputs, outputs: new ToyAdd().apply([same, h]) });
    const x = tf.ones([1, 2]);
    const before = tf.memory().numTensors;
    const y = model.apply(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(y.isDisposed).toBe(false);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('training reaches the graph; a training value given when the graph was made wins', () => {
    const inputs = Input({ shape: [2] });
    const free = new TrainingProbe();
    const pinned = new TrainingProbe();
    const model = new Model({ inputs, outputs: pinned.apply(free.apply(inputs), { training: false }) });
    const x = tf.ones([1, 2]);
    tf.dispose(model.apply(x, { training: true }));
    expect(free.seen.at(-1)).toBe(true);
    expect(pinned.seen.at(-1)).toBe(false);
    x.dispose();
    model.dispose();
  });
});

describe('functional models as layers', () => {
  test('inside another functional model and inside a subclassed one; weights and params follow', async () => {
    const encIn = Input({ shape: [4] });
    const encoder = new Model({
      inputs: encIn,
      outputs: new ToyDense({ units: 2 }).apply(encIn),
      name: 'encoder',
    });
    const inputs = Input({ shape: [4] });
    const outer = new Model({ inputs, outputs: new ToyDense({ units: 1 }).apply(encoder.apply(inputs)) });
    expect(outer.countParams()).toBe(10 + 3);
    class Sub extends Model {
      encoder = encoder;
      override call(x: tf.Tensor) {
        return this.encoder.apply(x);
      }
    }
    const sub = new Sub();
    const x = tf.ones([2, 4]);
    const [a, b] = [sub.apply(x), encoder.apply(x)];
    tf.test_util.expectArraysClose(await a.data(), await b.data());
    expect(sub.weights).toEqual(encoder.weights);
    expect(outer.summary({ ...quiet, expandNested: true })).toMatch(
      /│ encoder \(Functional\) +│ \(None, 2\) +│ +10 │\n[^\n]+\n│ {4}└ input_layer/,
    );
    tf.dispose([x, a, b]);
    outer.dispose();
  });
});

describe('errors when making a functional model', () => {
  test('a disconnected graph names the missing input', () => {
    const a = Input({ shape: [2], name: 'first' });
    const b = Input({ shape: [2], name: 'second' });
    const sum = new ToyAdd().apply([a, b]);
    expect(() => new Model({ inputs: a, outputs: sum })).toThrow(StrataError);
    expect(() => new Model({ inputs: a, outputs: sum })).toThrow(
      /the graph is disconnected\. Layer 'toy_add(_\d+)?' \(ToyAdd\) uses SymbolicTensor\(shape=\(None, 2\), dtype=float32, from 'second'\), which is not one of the model's inputs \('first'\)\. Add it to inputs/,
    );
  });

  test('inputs that are not from Input(), non-symbolic values, duplicate names', () => {
    const a = Input({ shape: [2] });
    const h = new ToyDense({ units: 2 }).apply(a);
    expect(() => new Model({ inputs: h, outputs: h })).toThrow(
      /inputs\[0\] is SymbolicTensor.*model inputs must come from Input\(\)/,
    );
    expect(() => new Model({ inputs: a, outputs: tf.ones([1]) as never })).toThrow(
      /outputs must be symbolic tensors from layers applied to the inputs/,
    );
    expect(() => new Model({ inputs: [a, a], outputs: h })).toThrow(/is listed twice in inputs/);
    const x = new ToyDense({ units: 2, name: 'same' }).apply(a);
    const y = new ToyDense({ units: 2, name: 'same' }).apply(x);
    expect(() => new Model({ inputs: a, outputs: y })).toThrow(/two layers are named 'same'.*must be unique/);
  });

  test('Input() arguments are checked', () => {
    expect(() => Input({})).toThrow(/Input needs the shape of one sample/);
    expect(() => Input({ shape: [2.5] })).toThrow(/non-negative integers or null.*2\.5 at axis 1/);
    expect(Input({ batchShape: [8, 3] }).shape).toEqual([8, 3]);
    expect(Input({ shape: [3], batchSize: 4 }).shape).toEqual([4, 3]);
  });
});

describe('config (tfjs-layers functional format)', () => {
  test('inbound nodes, input and output layers; fromConfig rebuilds a model computing the same', async () => {
    resetLayerNames();
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [4], name: 'b' });
    const shared = new ToyDense({ units: 3, name: 'shared' });
    const sum = new ToyAdd({ name: 'sum' }).apply([shared.apply(a), shared.apply(b)]);
    const probe = new TrainingProbe({ name: 'probe' }).apply(sum, { training: false });
    const model = new Model({ inputs: [a, b], outputs: probe, name: 'siamese' });
    const config = model.getConfig() as Record<string, any>;
    expect(config.name).toBe('siamese');
    expect(config.inputLayers).toEqual([
      ['a', 0, 0],
      ['b', 0, 0],
    ]);
    expect(config.outputLayers).toEqual([['probe', 0, 0]]);
    const byName = Object.fromEntries(config.layers.map((l: any) => [l.name, l]));
    expect(byName.a.inboundNodes).toEqual([]);
    expect(byName.shared.inboundNodes).toEqual([[['a', 0, 0, {}]], [['b', 0, 0, {}]]]);
    expect(byName.sum.inboundNodes).toEqual([
      [
        ['shared', 0, 0, {}],
        ['shared', 1, 0, {}],
      ],
    ]);
    expect(byName.probe.inboundNodes).toEqual([[['sum', 0, 0, { training: false }]]]);

    const copy = Functional.fromConfig(JSON.parse(JSON.stringify(config)));
    expect(copy.getConfig()).toEqual(config);
    copy.setWeights(model.getWeights());
    const xa = tf.randomNormal([2, 4], 0, 1, 'float32', 3);
    const xb = tf.randomNormal([2, 4], 0, 1, 'float32', 4);
    const [y1, y2] = [model.apply([xa, xb]), copy.apply([xa, xb])];
    tf.test_util.expectArraysClose(await y1.data(), await y2.data());
    tf.dispose([xa, xb, y1, y2]);
    model.dispose();
    copy.dispose();
  });

  test('a nested Sequential or functional model counts its own node first, as tfjs-layers and Keras 2 do', () => {
    resetLayerNames();
    const block = new Sequential([new ToyDense({ units: 2, inputShape: [2] })], { name: 'block' });
    const inputs = Input({ shape: [2], name: 'x' });
    const model = new Model({ inputs, outputs: block.apply(block.apply(inputs)) });
    const config = model.getConfig() as Record<string, any>;
    const entry = config.layers.find((l: any) => l.name === 'block');
    expect(entry.className).toBe('Sequential');
    expect(entry.inboundNodes).toEqual([[['x', 0, 0, {}]], [['block', 1, 0, {}]]]);
    expect(config.outputLayers).toEqual([['block', 2, 0]]);
    const copy = Model.fromConfig(JSON.parse(JSON.stringify({ ...config }))) as Model;
    expect(copy).toBeInstanceOf(Functional);
    expect(copy.getConfig()).toEqual(config);
    // Connected to in the summary counts calls from 0 inside this model.
    expect(model.summary(quiet)).toMatch(
      /│ block \(Sequential\) +│ \(None, 2\) +│ +6 │ x\[0\]\[0\] +│\n│ +│ +│ +│ block\[0\]\[0\] +│/,
    );
    model.dispose();
    copy.dispose();
  });

  test('an incomplete config fails with a LoadError naming the layer', () => {
    const config = {
      name: 'broken',
      layers: [
        {
          name: 'x',
          className: 'InputLayer',
          config: { batchInputShape: [null, 2], name: 'x' },
          inboundNodes: [],
        },
        {
          name: 'd',
          className: 'ToyDense',
          config: { units: 2, name: 'd' },
          inboundNodes: [[['nowhere', 0, 0, {}]]],
        },
      ],
      inputLayers: [['x', 0, 0]],
      outputLayers: [['d', 0, 0]],
    };
    expect(() => Functional.fromConfig(config)).toThrow(
      /refers to layer 'nowhere', which is not in the config's layers \(x, d\)/,
    );
    expect(() => Functional.fromConfig({ name: 'x' })).toThrow(
      /needs 'layers', 'inputLayers' and 'outputLayers'/,
    );
  });
});
